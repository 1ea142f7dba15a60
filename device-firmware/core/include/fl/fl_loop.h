/* SPDX-License-Identifier: MIT */
/* The sensing loop (docs/firmware-loop.md): one fl_loop_wake() per wake, then fl_loop_sleep().
 *
 *   wake -> sensor power-up + warm-up -> capture -> detect (Haar+CNN smile pipeline or thermal) -> sensor off
 *        -> queue detections -> decide what is due (events batch full or old, telemetry every N wakes,
 *           heartbeat) -> radio up only then, publish everything due, radio down
 *        -> energy ledger of this wake -> save state -> choose the sleep mode -> sleep.
 *
 * Energy: every state's charge is current x duration. Currents come from the board and radio power profiles
 * (device-firmware/profiles/<name>.json, compiled into a generated header); durations are measured on the HAL's
 * clock (a port with a virtual clock advances it by the profile's durations). The ledger of a wake has
 * FL_PROTO_LEDGER_STATES entries in microcoulombs (fl_ledger_state_t); its "sleep" entry is the sleep that
 * ended with this wake. Telemetry carries the ledger of the previous complete wake (telemetry key 15).
 *
 * Memory: no malloc. fl_loop_t is large (an encode buffer, one fl_msg_t, the event queue and one detector
 * result: several KB): keep it static. The frame
 * buffer and the detector's arena are the caller's (fl_loop_config_t). Not thread-safe. */
#ifndef FL_LOOP_H
#define FL_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "fl_arena.h"
#include "fl_export.h"
#include "fl_hal.h"
#include "fl_pipeline.h"
#include "fl_proto.h"
#include "fl_status.h"
#include "fl_thermal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- power profiles (the generated header fills these from the JSON; units in the names) ---------------- */

typedef struct {
    uint32_t current_na;
    uint32_t duration_us;
} fl_power_phase_t;

typedef struct {
    uint32_t warmup_na;  /* whole board while the sensor warms up */
    uint32_t warmup_us;
} fl_sensor_power_t;

typedef struct {
    const char *name;
    uint32_t supply_mv;                             /* battery side, for energy (uJ) from charge */
    uint32_t sleep_na[FL_SLEEP_MODE_COUNT];         /* indexed by fl_sleep_mode_t */
    fl_power_phase_t wake[FL_SLEEP_MODE_COUNT];     /* leaving each mode: wake-up (Standby: reset + boot) */
    uint32_t radio_wait_na;                         /* MCU while the radio works */
    fl_power_phase_t capture;                       /* one frame */
    uint32_t detect_na;
    uint32_t haar_us_per_qvga;                      /* modelled detect time, scaled by frame area / 320x240 */
    uint32_t cnn_us_per_face;
    uint32_t thermal_us_per_frame;
    fl_sensor_power_t camera;
    fl_sensor_power_t thermal;
} fl_board_profile_t;

typedef struct {
    const char *name;
    uint32_t sleep_na;           /* added to the board's sleep current */
    fl_power_phase_t connect;    /* per session (radio up) */
    uint32_t tx_na;
    uint32_t tx_fixed_us;        /* per message: fixed_us + bytes * us_per_byte */
    uint32_t tx_us_per_byte;
    uint32_t rx_na;
    uint32_t rx_per_message_us;  /* e.g. LoRaWAN Class A receive windows */
    uint32_t rx_per_session_us;  /* e.g. LTE RRC inactivity tail */
} fl_radio_profile_t;

/* Profiles compiled in from device-firmware/profiles/<name>.json, by name ("openmv-h7", "lora-sf7"); NULL if none. */
FL_API const fl_board_profile_t *fl_profile_board(const char *name);
FL_API const fl_radio_profile_t *fl_profile_radio(const char *name);
/* The i-th compiled-in profile (name order), NULL past the end: for listings. */
FL_API const fl_board_profile_t *fl_profile_board_at(uint32_t i);
FL_API const fl_radio_profile_t *fl_profile_radio_at(uint32_t i);

/* Charge of `na` nanoamperes for `us` microseconds, in microcoulombs, rounded to nearest. */
FL_API uint64_t fl_charge_uc(uint32_t na, uint64_t us);

/* Modelled durations, the same formulas the host port's virtual clock uses. */
FL_API uint32_t fl_radio_tx_us(const fl_radio_profile_t *radio, size_t bytes);
FL_API uint32_t fl_board_detect_us(const fl_board_profile_t *board, int thermal, int32_t w, int32_t h,
                                   uint32_t classified_faces);

/* ---- configuration ------------------------------------------------------------------------------------- */

typedef enum {
    FL_LOOP_DETECT_NONE = 0,     /* capture only (telemetry and heartbeat still run) */
    FL_LOOP_DETECT_SMILE = 1,    /* camera frame -> fl_pipeline_run (Haar faces, then the smile CNN if set) */
    FL_LOOP_DETECT_THERMAL = 2   /* thermal frame -> fl_thermal_process */
} fl_loop_detect_t;

#define FL_LOOP_QUEUE_MAX 8u        /* detection events kept across sleeps until sent */
#define FL_LOOP_EVENT_BOXES 4u      /* boxes kept per queued event (the first ones) */

typedef struct {
    char device_id[FL_PROTO_DEVICE_ID_MAX + 1];
    char firmware_version[FL_PROTO_FW_VERSION_MAX + 1];
    char model_id[FL_PROTO_MODEL_ID_MAX + 1];
    uint32_t model_version;

    uint32_t wake_interval_s;     /* RTC alarm period, 1..86400 */
    uint16_t telemetry_every;     /* telemetry on every N-th wake, 1..1000 */
    uint32_t heartbeat_s;         /* a status message when nothing went up for this long; 0 = never */
    uint8_t batch_max;            /* radio up once this many events are queued, 1..FL_LOOP_QUEUE_MAX */
    uint32_t batch_max_age_s;     /* ... or once the oldest queued event is this old (0: no age limit) */
    uint8_t report_empty;         /* 1: a frame without detections is an event too */
    uint16_t score_threshold_pmy; /* smile: faces scoring below are not reported as smiles */

    fl_sleep_mode_t deepest_sleep; /* the deepest mode the board/application allows */
    uint32_t wake_sources;         /* FL_WAKE_SRC_RTC and/or FL_WAKE_SRC_GPIO (PIR) */
    uint32_t battery_capacity_mah; /* for soc_pm; 0 = unknown (soc 0) */

    const fl_board_profile_t *board;
    const fl_radio_profile_t *radio;

    fl_loop_detect_t detect;
    const fl_pipeline_config_t *pipeline; /* FL_LOOP_DETECT_SMILE */
    fl_thermal_t *thermal;                /* FL_LOOP_DETECT_THERMAL: initialised by the caller */
    fl_arena_t *arena;                    /* scratch for the detector (and the thermal background) */
    void *frame_buf;                      /* capture buffer, 2-byte aligned */
    size_t frame_cap;
} fl_loop_config_t;

/* Fills the defaults: wake every 60 s, telemetry every 10 wakes, heartbeat 3600 s, batch 1 (send each
 * detection at once), standby allowed, RTC wake only, no detector. Profiles, buffers and ids stay empty. */
FL_API void fl_loop_config_default(fl_loop_config_t *cfg);

/* ---- state and results ---------------------------------------------------------------------------------- */

typedef struct {
    uint64_t device_time_ms;
    uint32_t inference_us;
    uint32_t energy_uj;
    uint8_t detector;      /* fl_detector_t */
    uint8_t box_count;     /* <= FL_LOOP_EVENT_BOXES */
    fl_box_t boxes[FL_LOOP_EVENT_BOXES];
} fl_loop_event_t;

/* Everything that must survive a sleep (Standby loses RAM: saved with state_save before every sleep). */
typedef struct {
    uint32_t magic;              /* FL_LOOP_STATE_MAGIC when valid */
    uint32_t size;               /* sizeof(fl_loop_state_t), so a layout change starts fresh */
    uint32_t seq[3];             /* next seq of detection, telemetry, status */
    uint32_t wake_count;
    uint64_t charge_used_uc;     /* since the battery was fitted */
    uint64_t sleep_start_us;     /* HAL clock when the last sleep began */
    uint64_t last_uplink_ms;     /* RTC ms of the last successful radio session (0: never) */
    uint64_t boot_rtc_ms;        /* for uptime */
    uint8_t sleep_mode;          /* fl_sleep_mode_t of the last sleep */
    uint8_t has_sleep;           /* 0 on a first boot: no sleep to account */
    uint8_t queue_len;
    uint8_t has_last_ledger;
    uint32_t last_ledger_uc[FL_PROTO_LEDGER_STATES];
    fl_loop_event_t queue[FL_LOOP_QUEUE_MAX];
} fl_loop_state_t;

#define FL_LOOP_STATE_MAGIC 0x464C4F50u /* "FLOP" */

typedef struct {
    uint32_t wake_index;                         /* wake_count after this wake */
    uint8_t wake_reason;                         /* fl_wake_reason_t */
    uint8_t captured;                            /* 1 if a frame was captured */
    uint8_t radio_up;                            /* 1 if the radio was brought up */
    uint8_t radio_ok;                            /* 1 if every due message went out */
    uint8_t telemetry_sent;
    uint8_t heartbeat_sent;
    uint8_t sleep_mode;                          /* chosen for the coming sleep */
    uint32_t detections;                         /* events this wake added to the queue */
    uint32_t objects;                            /* faces / people in this frame */
    uint32_t smiles;                             /* faces classified as smiling */
    uint32_t published;                          /* messages sent this wake */
    uint32_t queued;                             /* events still queued after this wake */
    uint32_t bytes_sent;
    uint32_t next_wake_s;
    uint64_t duration_us[FL_PROTO_LEDGER_STATES]; /* measured time in each state */
    uint32_t ledger_uc[FL_PROTO_LEDGER_STATES];   /* charge in each state */
    uint64_t total_uc;                            /* sum of ledger_uc */
    fl_status_t detect_status;                    /* FL_OK, or why detection failed (the wake goes on) */
} fl_loop_wake_result_t;

typedef struct {
    const fl_hal_t *hal;
    fl_loop_config_t cfg;
    fl_loop_state_t st;
    fl_loop_wake_result_t last;
    union {
        fl_pipeline_result_t smile;
        fl_thermal_result_t thermal;
    } det;                               /* detector output of the current wake (too big for a small stack) */
    fl_msg_t msg;
    uint8_t enc[FL_PROTO_MAX_PAYLOAD];
} fl_loop_t;

/* Validates the configuration, then loads the persistent state through the HAL (a missing or foreign state
 * starts fresh: counters from 0, empty queue). Errors: FL_ERR_ARG (NULL, missing HAL entry or profile, bad
 * range, a detector without its buffers). */
FL_API FL_NODISCARD fl_status_t fl_loop_init(fl_loop_t *loop, const fl_hal_t *hal, const fl_loop_config_t *cfg);

/* One wake: everything up to (not including) the sleep; the chosen sleep mode is in out->sleep_mode and the
 * state is saved. Detection, capture or radio failures do not fail the wake (they are in the result: events
 * stay queued for the next wake); only a HAL contract breach or a failed state save returns an error. */
FL_API FL_NODISCARD fl_status_t fl_loop_wake(fl_loop_t *loop, fl_wake_reason_t reason, fl_loop_wake_result_t *out);

/* Sleeps in the mode fl_loop_wake() chose until the RTC alarm or a GPIO wake; *reason gets the wake reason.
 * On real silicon in Standby this does not return (the next wake starts from main()). */
FL_API FL_NODISCARD fl_status_t fl_loop_sleep(fl_loop_t *loop, fl_wake_reason_t *reason);

/* The deepest-sleep decision on its own: the mode in [FL_SLEEP_CPU, deepest allowed] with the least charge
 * for one sleep of interval_ms plus the wake-up out of it. Thermal detection with a background model needs RAM
 * kept, so it never picks Standby. */
FL_API fl_sleep_mode_t fl_loop_choose_sleep(const fl_loop_config_t *cfg, uint32_t interval_ms);

#ifdef __cplusplus
}
#endif

#endif /* FL_LOOP_H */

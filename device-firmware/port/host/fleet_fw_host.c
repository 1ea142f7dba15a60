/* SPDX-License-Identifier: MIT */
/* fleet-fw-host: the sensing loop on the host port. Runs N wakes over a directory of PGM frames (camera,
 * Haar faces then the smile CNN) or a D6T CSV recording (thermal) with a chosen board and radio profile, on a
 * virtual clock, and prints one line per wake with its energy ledger, then the average current.
 * The simulator and the QEMU comparison read this output; its format is in docs/firmware-loop.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_cascade.h"
#include "fl/fl_loop.h"
#include "fl/fl_model_network.h"
#include "fl_host.h"

static fl_host_t g_host;
static fl_loop_t g_loop;
static uint8_t g_models_mem[1u << 20];
static uint8_t g_arena_mem[4u << 20];
static uint8_t g_frame[640u * 480u * 2u];
static uint8_t g_file[1u << 20];

static const char *const LEDGER_NAMES[FL_PROTO_LEDGER_STATES] = {"sleep", "wake", "warmup", "capture", "detect",
                                                                 "connect", "tx", "rx"};

static void usage(void)
{
    printf("usage: fleet-fw-host [options]\n"
           "  --board NAME          board profile (default openmv-h7)\n"
           "  --radio NAME          radio profile (default lora-sf7)\n"
           "  --list-profiles       print the compiled-in profiles and exit\n"
           "  --wakes N             wakes to run (default 10)\n"
           "  --interval S          RTC wake interval in seconds (default 60)\n"
           "  --telemetry-every N   telemetry on every N-th wake (default 10)\n"
           "  --heartbeat S         status message when silent this long, 0 = never (default 3600)\n"
           "  --batch N             events queued before the radio goes up (default 1)\n"
           "  --batch-age S         ... or when the oldest is this old (default 0)\n"
           "  --deepest cpu|stop|standby   deepest sleep allowed (default standby)\n"
           "  --detect none|smile|thermal  (default none)\n"
           "  --frames PATH         PGM directory (smile) or D6T CSV file (thermal)\n"
           "  --cascade FILE        OpenMV .cascade for smile (required with --detect smile)\n"
           "  --network FILE        smile .network (optional: faces only without it)\n"
           "  --pir MS[,MS...]      PIR events at these virtual ms (adds GPIO as a wake source)\n"
           "  --log FILE            published messages, one per line: ms topic hex\n"
           "  --state FILE          persistent state file (default: in memory)\n"
           "  --device-id ID        (default host-0001)\n");
}

static long load_file(const char *path, uint8_t *dst, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL) {
        return -1;
    }
    n = fread(dst, 1, cap, f);
    fclose(f);
    return n < cap ? (long)n : -1;
}

static int parse_pir(const char *s, fl_host_config_t *hc)
{
    char *end;
    while (*s != '\0') {
        unsigned long long v = strtoull(s, &end, 10);
        if (end == s || hc->n_pir >= FL_HOST_MAX_PIR) {
            return -1;
        }
        hc->pir_ms[hc->n_pir++] = v;
        s = *end == ',' ? end + 1 : end;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *board_name = "openmv-h7", *radio_name = "lora-sf7", *cascade_path = NULL, *network_path = NULL;
    const char *device_id = "host-0001";
    fl_host_config_t hc;
    fl_loop_config_t lc;
    fl_hal_t hal;
    fl_arena_t models, arena;
    fl_cascade_t cascade;
    fl_network_t network;
    fl_pipeline_config_t pipe;
    fl_thermal_t thermal;
    fl_thermal_config_t tcfg;
    fl_wake_reason_t reason = FL_WAKE_POWER_ON;
    unsigned long wakes = 10, i;
    uint64_t total_uc = 0, start_us;
    fl_status_t st;
    int a;

    memset(&hc, 0, sizeof hc);
    fl_loop_config_default(&lc);
    hc.rtc_start_ms = 1767225600000ull; /* 2026-01-01T00:00:00Z: fixed, so runs are reproducible */
    hc.battery_mv = 3900;
    hc.temperature_cc = 2200;

    for (a = 1; a < argc; a++) {
        const char *opt = argv[a];
        const char *val = a + 1 < argc ? argv[a + 1] : NULL;
        if (strcmp(opt, "--help") == 0) {
            usage();
            return 0;
        }
        if (strcmp(opt, "--list-profiles") == 0) {
            uint32_t k;
            for (k = 0; fl_profile_board_at(k) != NULL; k++) {
                printf("board %s\n", fl_profile_board_at(k)->name);
            }
            for (k = 0; fl_profile_radio_at(k) != NULL; k++) {
                printf("radio %s\n", fl_profile_radio_at(k)->name);
            }
            return 0;
        }
        if (val == NULL) {
            fprintf(stderr, "fleet-fw-host: %s needs a value (see --help)\n", opt);
            return 2;
        }
        a++;
        if (strcmp(opt, "--board") == 0) {
            board_name = val;
        } else if (strcmp(opt, "--radio") == 0) {
            radio_name = val;
        } else if (strcmp(opt, "--wakes") == 0) {
            wakes = strtoul(val, NULL, 10);
        } else if (strcmp(opt, "--interval") == 0) {
            lc.wake_interval_s = (uint32_t)strtoul(val, NULL, 10);
        } else if (strcmp(opt, "--telemetry-every") == 0) {
            lc.telemetry_every = (uint16_t)strtoul(val, NULL, 10);
        } else if (strcmp(opt, "--heartbeat") == 0) {
            lc.heartbeat_s = (uint32_t)strtoul(val, NULL, 10);
        } else if (strcmp(opt, "--batch") == 0) {
            lc.batch_max = (uint8_t)strtoul(val, NULL, 10);
        } else if (strcmp(opt, "--batch-age") == 0) {
            lc.batch_max_age_s = (uint32_t)strtoul(val, NULL, 10);
        } else if (strcmp(opt, "--deepest") == 0) {
            lc.deepest_sleep = strcmp(val, "cpu") == 0 ? FL_SLEEP_CPU : strcmp(val, "stop") == 0 ? FL_SLEEP_STOP
                                                                                                  : FL_SLEEP_STANDBY;
            if (strcmp(val, "cpu") != 0 && strcmp(val, "stop") != 0 && strcmp(val, "standby") != 0) {
                fprintf(stderr, "fleet-fw-host: --deepest must be cpu, stop or standby\n");
                return 2;
            }
        } else if (strcmp(opt, "--detect") == 0) {
            if (strcmp(val, "none") == 0) {
                lc.detect = FL_LOOP_DETECT_NONE;
            } else if (strcmp(val, "smile") == 0) {
                lc.detect = FL_LOOP_DETECT_SMILE;
            } else if (strcmp(val, "thermal") == 0) {
                lc.detect = FL_LOOP_DETECT_THERMAL;
            } else {
                fprintf(stderr, "fleet-fw-host: --detect must be none, smile or thermal\n");
                return 2;
            }
        } else if (strcmp(opt, "--frames") == 0) {
            hc.frames = val;
        } else if (strcmp(opt, "--cascade") == 0) {
            cascade_path = val;
        } else if (strcmp(opt, "--network") == 0) {
            network_path = val;
        } else if (strcmp(opt, "--pir") == 0) {
            if (parse_pir(val, &hc) != 0) {
                fprintf(stderr, "fleet-fw-host: --pir wants comma-separated ms, at most %u\n", FL_HOST_MAX_PIR);
                return 2;
            }
            lc.wake_sources |= FL_WAKE_SRC_GPIO;
        } else if (strcmp(opt, "--log") == 0) {
            hc.publish_log = val;
        } else if (strcmp(opt, "--state") == 0) {
            hc.state_path = val;
        } else if (strcmp(opt, "--device-id") == 0) {
            device_id = val;
        } else {
            fprintf(stderr, "fleet-fw-host: unknown option %s (see --help)\n", opt);
            return 2;
        }
    }

    hc.board = fl_profile_board(board_name);
    hc.radio = fl_profile_radio(radio_name);
    if (hc.board == NULL || hc.radio == NULL) {
        fprintf(stderr, "fleet-fw-host: unknown %s profile '%s' (--list-profiles)\n", hc.board == NULL ? "board" : "radio",
                hc.board == NULL ? board_name : radio_name);
        return 2;
    }
    st = fl_host_init(&g_host, &hc);
    if (st != FL_OK) {
        fprintf(stderr, "fleet-fw-host: frames '%s': %s\n", hc.frames != NULL ? hc.frames : "", fl_status_name(st));
        return 1;
    }
    fl_host_hal(&g_host, &hal);

    if (fl_arena_init(&models, g_models_mem, sizeof g_models_mem) != FL_OK ||
        fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) != FL_OK) {
        return 1;
    }
    if (lc.detect == FL_LOOP_DETECT_SMILE) {
        long n;
        if (cascade_path == NULL) {
            fprintf(stderr, "fleet-fw-host: --detect smile needs --cascade\n");
            return 2;
        }
        n = load_file(cascade_path, g_file, sizeof g_file);
        if (n < 0 || fl_cascade_load(&cascade, g_file, (size_t)n, &models, NULL) != FL_OK) {
            fprintf(stderr, "fleet-fw-host: cannot load cascade %s\n", cascade_path);
            return 1;
        }
        fl_pipeline_config_default(&pipe, FL_HAAR_MODE_CAMERA);
        pipe.cascade = &cascade;
        if (network_path != NULL) {
            n = load_file(network_path, g_file, sizeof g_file);
            if (n < 0 || fl_network_load(&network, g_file, (size_t)n, &models, NULL) != FL_OK) {
                fprintf(stderr, "fleet-fw-host: cannot load network %s\n", network_path);
                return 1;
            }
            pipe.network = &network;
        }
        lc.pipeline = &pipe;
        lc.score_threshold_pmy = 8000;
    } else if (lc.detect == FL_LOOP_DETECT_THERMAL) {
        fl_thermal_config_default(&tcfg, 4, 4);
        if (fl_thermal_init(&thermal, &tcfg, 4, 4, &arena) != FL_OK) {
            return 1;
        }
        lc.thermal = &thermal;
    }
    lc.arena = &arena;
    lc.frame_buf = g_frame;
    lc.frame_cap = sizeof g_frame;
    lc.board = hc.board;
    lc.radio = hc.radio;
    lc.battery_capacity_mah = 1000;
    snprintf(lc.device_id, sizeof lc.device_id, "%s", device_id);
    snprintf(lc.firmware_version, sizeof lc.firmware_version, "fleet-fw-host 1.0");
    snprintf(lc.model_id, sizeof lc.model_id, "%s", network_path != NULL ? "smile" : "");

    st = fl_loop_init(&g_loop, &hal, &lc);
    if (st != FL_OK) {
        fprintf(stderr, "fleet-fw-host: bad loop configuration: %s\n", fl_status_name(st));
        return 2;
    }
    printf("# board %s radio %s detect %d interval %u s telemetry every %u batch %u\n", hc.board->name,
           hc.radio->name, (int)lc.detect, lc.wake_interval_s, lc.telemetry_every, lc.batch_max);
    printf("# ledger uC: sleep wake warmup capture detect connect tx rx\n");
    start_us = hal.now_us(hal.ctx);
    for (i = 0; i < wakes; i++) {
        fl_loop_wake_result_t r;
        uint32_t k;
        st = fl_loop_wake(&g_loop, reason, &r);
        if (st != FL_OK) {
            fprintf(stderr, "fleet-fw-host: wake %lu: %s\n", i + 1, fl_status_name(st));
            return 1;
        }
        total_uc += r.total_uc;
        printf("wake %u reason %u frame %s objects %u smiles %u queued %u published %u radio %u sleep %u detect %s "
               "ledger",
               r.wake_index, r.wake_reason,
               r.captured ? (g_host.thermal ? "thermal" : fl_host_frame_name(&g_host, g_host.next_frame == 0
                                                                               ? g_host.n_frames - 1
                                                                               : g_host.next_frame - 1))
                          : "-",
               r.objects, r.smiles, r.queued, r.published, r.radio_up, r.sleep_mode, fl_status_name(r.detect_status));
        for (k = 0; k < FL_PROTO_LEDGER_STATES; k++) {
            printf(" %u", r.ledger_uc[k]);
        }
        printf(" total %llu\n", (unsigned long long)r.total_uc);
        if (i + 1 < wakes) {
            st = fl_loop_sleep(&g_loop, &reason);
            if (st != FL_OK) {
                fprintf(stderr, "fleet-fw-host: sleep: %s\n", fl_status_name(st));
                return 1;
            }
        }
    }
    {
        uint64_t elapsed = hal.now_us(hal.ctx) - start_us;
        uint32_t k;
        printf("# %s", "states:");
        for (k = 0; k < FL_PROTO_LEDGER_STATES; k++) {
            printf(" %s", LEDGER_NAMES[k]);
        }
        printf("\n# wakes %lu elapsed_s %.3f charge_uc %llu average_ua %.3f published %u\n", wakes,
               (double)elapsed / 1e6, (unsigned long long)total_uc,
               elapsed > 0 ? (double)total_uc * 1e6 / (double)elapsed : 0.0, g_host.n_published);
    }
    fl_host_close(&g_host);
    return 0;
}

/* SPDX-License-Identifier: MIT */
/* Model slots on the STM32H743 (fw_slots.h). The crypto is mbedTLS 2.28 built from Debian's source package
 * (third_party/mbedtls) behind the same callbacks the host uses (port/host/flash/fl_host_crypto.c); its bignums
 * live in a static heap here, never in a system malloc. */
#include "fw_slots.h"

#include <string.h>

#include "board/board.h"
#include "fl/fl_model.h"
#include "fl/fl_proto.h"
#include "fl_host_crypto.h"
#include "mbedtls/memory_buffer_alloc.h"

#define FW_SLOTS_JOURNAL_SECTORS 3u        /* of 7: the slots get 2 x 256 KiB */
#define FW_SLOTS_ARENA_BYTES (32u * 1024u) /* a slot model's load + self-test (finish and boot check) */

__attribute__((section(".sram123"), aligned(8))) static uint8_t g_slots_arena[FW_SLOTS_ARENA_BYTES];
static uint8_t g_crypto_heap[FL_MBEDTLS_HEAP_BYTES] __attribute__((aligned(8)));

/* The active model still loads with its hash and reproduces its stored self-test output. */
static fl_status_t check_active(fw_slots_t *fs)
{
    static fl_model_t model;
    int8_t out[FL_MODEL_MAX_LABELS];
    fl_model_load_options_t opts;
    fl_arena_t arena;
    const uint8_t *blob;
    uint32_t len;
    fl_status_t st = fl_slots_active(&fs->slots, &blob, &len);
    if (st != FL_OK) {
        return st;
    }
    opts.sha256 = fl_host_sha256;
    opts.sha256_user = NULL;
    st = fl_arena_init(&arena, g_slots_arena, sizeof g_slots_arena);
    if (st == FL_OK) {
        st = fl_model_load(&model, blob, len, &arena, &opts, NULL);
    }
    if (st == FL_OK) {
        st = fl_model_selftest_run(&model, out, sizeof out);
    }
    return st;
}

void fw_slots_boot(fw_slots_t *fs)
{
    fl_status_t st;
    uint32_t rolled_back = 0u;
    memset(fs, 0, sizeof *fs);
    mbedtls_memory_buffer_alloc_init(g_crypto_heap, sizeof g_crypto_heap);
    st = fl_board_flash_init(&fs->flash);
    /* Without a provisioned key the slots stay unmounted (mount refuses a key that is no point): no slot model
     * runs and every offer is ignored, so nothing unverified can ever activate. */
    if (st == FL_OK) {
        st = fl_board_trusted_key(fs->cfg.public_key);
    }
    fs->cfg.flash = &fs->flash;
    fs->cfg.journal_sectors = FW_SLOTS_JOURNAL_SECTORS;
    fs->cfg.sha256 = fl_host_sha256;
    fs->cfg.ecdsa_p256_verify = fl_host_ecdsa_p256_verify;
    fs->cfg.arena_mem = g_slots_arena;
    fs->cfg.arena_bytes = sizeof g_slots_arena;
    /* A repair scratch would be a whole 128 KiB sector: without it a cut mid-sector re-sends that sector. */
    fs->cfg.scratch = NULL;
    if (st == FL_OK) {
        st = fl_slots_mount(&fs->slots, &fs->cfg);
    }
    fs->mount_status = st;
    fs->mounted = st == FL_OK;
    if (!fs->mounted) {
        return;
    }
    st = check_active(fs);
    fs->active_status = st;
    if (st == FL_OK) {
        fs->journal_status = fl_slots_confirm(&fs->slots);
    } else if (st != FL_ERR_STATE) { /* FL_ERR_STATE: no model installed yet */
        fs->journal_status = fl_slots_report_fault(&fs->slots, &rolled_back);
    }
}

static void publish_result(fw_slots_t *fs, fl_hal_t *hal, uint32_t offer_id, fl_ota_code_t code)
{
    static fl_msg_t msg;
    static uint8_t payload[FL_PROTO_MAX_PAYLOAD];
    fl_slots_status_t status;
    size_t len = 0u;
    memset(&msg, 0, sizeof msg);
    msg.type = FL_MSG_OTA_RESULT;
    memcpy(msg.device_id, "h743", 5u);
    msg.body.ota_result.offer_id = offer_id;
    msg.body.ota_result.code = (uint8_t)code;
    if (fl_slots_get_status(&fs->slots, &status) == FL_OK && status.has_active) {
        msg.body.ota_result.active_model_version = status.active_version;
    }
    if (fl_proto_encode(&msg, payload, sizeof payload, &len) == FL_OK && hal->radio_power(hal->ctx, 1) == FL_OK) {
        (void)hal->publish(hal->ctx, "fleet/h743/ota/result", payload, len);
        (void)hal->radio_power(hal->ctx, 0);
    }
}

static void on_chunk(fw_slots_t *fs, fl_hal_t *hal, const fl_ota_chunk_t *c)
{
    fl_slots_status_t status;
    fl_ota_code_t code = FL_OTA_ACTIVATED;
    /* The slots take chunks by offset only: a chunk of another offer (a stale retransmission) must not land in
     * this download. */
    if (fl_slots_get_status(&fs->slots, &status) != FL_OK || !status.has_pending ||
        status.pending_offer_id != c->offer_id) {
        return;
    }
    if (fl_slots_write_chunk(&fs->slots, c->offset, c->data, c->data_len) != FL_OK ||
        fl_slots_get_status(&fs->slots, &status) != FL_OK || status.pending_written < status.pending_size) {
        return; /* the gateway re-requests from the resume offset */
    }
    if (fl_slots_finish(&fs->slots, &code) == FL_OK) {
        publish_result(fs, hal, c->offer_id, code);
    }
}

void fw_slots_poll(fw_slots_t *fs, fl_hal_t *hal)
{
    static uint8_t buf[FL_PROTO_MAX_PAYLOAD];
    static fl_msg_t msg;
    size_t len = 0u;
    if (!fs->mounted) {
        return;
    }
    while (fl_board_radio_receive(buf, sizeof buf, &len) == FL_OK) {
        if (fl_proto_decode(buf, len, &msg) != FL_OK) {
            continue;
        }
        if (msg.type == FL_MSG_OTA_OFFER) {
            uint32_t resume = 0u;
            fl_ota_code_t refusal = FL_OTA_ACTIVATED;
            fl_status_t st = fl_slots_begin(&fs->slots, &msg.body.ota_offer, &resume, &refusal);
            if (st == FL_ERR_RANGE) {
                publish_result(fs, hal, msg.body.ota_offer.offer_id, refusal);
            } else if (st == FL_OK && resume == msg.body.ota_offer.size_bytes &&
                       fl_slots_finish(&fs->slots, &refusal) == FL_OK) {
                /* Everything already held (a result lost to a cut, or the active model offered again). */
                publish_result(fs, hal, msg.body.ota_offer.offer_id, refusal);
            }
            /* BRING-UP POINT (radio): ask for the chunks from `resume` (up/ota/request) once publish works. */
        } else if (msg.type == FL_MSG_OTA_CHUNK) {
            on_chunk(fs, hal, &msg.body.ota_chunk);
        }
    }
}

/* SPDX-License-Identifier: MIT */
/* The STM32H743 image's slot glue (port/stm32h743/fw_slots.c) on the Cortex-M7 under QEMU: the board's flash,
 * trusted key and radio downlink are replaced by this file (NOR flash emulated in RAM with the H743's 32-byte
 * words; a key generated at run time; a queue of CBOR-encoded downlink messages), everything else is the
 * firmware's code, including its 4 KiB mbedTLS heap. Checks that OTA offers and chunks as the gateway sends them
 * activate a signed model, that tampered, wrongly signed and stale data never activate one, that each outcome is
 * published as an OTA result, that a reboot confirms a model that passes its self-test, and that a part without
 * a provisioned key leaves the slots alone. */
#include <stdio.h>
#include <string.h>

#include "board/board.h"
#include "fl/fl_proto.h"
#include "fl_ram_flash.h"
#include "fl_test.h"
#include "fw_slots.h"
#include "mbedtls/memory_buffer_alloc.h"
#include "slots_m7_support.h"

#define SECTOR 4096u
#define TOTAL (SECTOR * 12u) /* fw_slots' 3 journal sectors + 2 slots of 4 sectors (16 KiB) */
#define QUEUE_MAX 48
#define MSG_MAX 1200u        /* an encoded 1024-byte chunk and its keys */

static uint8_t g_image[TOTAL] __attribute__((aligned(8)));
static fl_ram_flash_t g_rf;
static uint8_t g_key[65];
static uint8_t g_pub[2][65];
static uint8_t g_queue[QUEUE_MAX][MSG_MAX];
static size_t g_queue_len[QUEUE_MAX];
static int g_queue_n, g_queue_next;
static fl_ota_result_t g_results[8];
static int g_n_results;
static uint8_t g_test_heap[32 * 1024] __attribute__((aligned(8)));

/* ---- the board, as the firmware sees it ---- */

fl_status_t fl_board_flash_init(fl_flash_t *flash)
{
    return fl_ram_flash_open(&g_rf, g_image, TOTAL, SECTOR, 32u, flash);
}

fl_status_t fl_board_trusted_key(uint8_t public_key[65])
{
    memcpy(public_key, g_key, 65);
    return public_key[0] == 0x04u ? FL_OK : FL_ERR_STATE;
}

fl_status_t fl_board_radio_receive(uint8_t *buf, size_t cap, size_t *len)
{
    if (g_queue_next >= g_queue_n || g_queue_len[g_queue_next] > cap) {
        *len = 0;
        return FL_ERR_STATE; /* nothing pending */
    }
    memcpy(buf, g_queue[g_queue_next], g_queue_len[g_queue_next]);
    *len = g_queue_len[g_queue_next];
    g_queue_next++;
    return FL_OK;
}

static fl_status_t radio_power(void *ctx, int up)
{
    (void)ctx;
    (void)up;
    return FL_OK;
}

static fl_status_t publish(void *ctx, const char *topic, const uint8_t *data, size_t len)
{
    static fl_msg_t msg;
    (void)ctx;
    if (strcmp(topic, "fleet/h743/ota/result") != 0 || fl_proto_decode(data, len, &msg) != FL_OK ||
        msg.type != FL_MSG_OTA_RESULT || g_n_results >= (int)(sizeof g_results / sizeof g_results[0])) {
        printf("  unexpected publish on %s\n", topic);
        return FL_ERR_STATE;
    }
    g_results[g_n_results++] = msg.body.ota_result;
    return FL_OK;
}

/* ---- the gateway's side ---- */

static void queue_msg(const fl_msg_t *msg)
{
    if (g_queue_n >= QUEUE_MAX || fl_proto_encode(msg, g_queue[g_queue_n], MSG_MAX, &g_queue_len[g_queue_n]) != FL_OK) {
        sm_die("queue");
    }
    g_queue_n++;
}

static void queue_reset(void)
{
    g_queue_n = 0;
    g_queue_next = 0;
    g_n_results = 0;
}

static void queue_offer(const fl_ota_offer_t *o)
{
    static fl_msg_t msg;
    memset(&msg, 0, sizeof msg);
    msg.type = FL_MSG_OTA_OFFER;
    (void)strcpy(msg.device_id, "h743");
    msg.body.ota_offer = *o;
    queue_msg(&msg);
}

/* Chunks [from, size) of blob for offer_id; flip one bit of byte `tamper` (< 0: none) on the way. */
static void queue_chunks(uint32_t offer_id, const uint8_t *blob, size_t size, size_t from, long tamper)
{
    static fl_msg_t msg;
    size_t off;
    for (off = from; off < size; off += 1024u) {
        size_t n = size - off < 1024u ? size - off : 1024u;
        memset(&msg, 0, sizeof msg);
        msg.type = FL_MSG_OTA_CHUNK;
        (void)strcpy(msg.device_id, "h743");
        msg.body.ota_chunk.offer_id = offer_id;
        msg.body.ota_chunk.offset = (uint32_t)off;
        msg.body.ota_chunk.data_len = (uint16_t)n;
        memcpy(msg.body.ota_chunk.data, blob + off, n);
        if (tamper >= (long)off && tamper < (long)(off + n)) {
            msg.body.ota_chunk.data[tamper - (long)off] ^= 0x10u;
        }
        queue_msg(&msg);
    }
}

/* ---- the test ---- */

static fl_slots_status_t status_of(fw_slots_t *fs)
{
    fl_slots_status_t st;
    memset(&st, 0, sizeof st);
    if (fl_slots_get_status(&fs->slots, &st) != FL_OK) {
        memset(&st, 0, sizeof st);
    }
    return st;
}

int main(void)
{
    static fw_slots_t fs;
    static fl_ota_offer_t o1, o2, o2_other_key, o3_stale;
    fl_hal_t hal;
    uint8_t *v1, *v2, *v3;
    size_t v1_len, v2_len, v3_len;
    int passed = 0;
    fl_test_current_failed_ = 0;

    /* Keys, models and signatures first, on the test's heap; the firmware then installs its own 4 KiB heap. */
    mbedtls_memory_buffer_alloc_init(g_test_heap, sizeof g_test_heap);
    sm_seed_rng();
    sm_keygen(0, g_pub[0]);
    sm_keygen(1, g_pub[1]);
    v1 = sm_model("h743-model", 1, 101, &v1_len);
    v2 = sm_model("h743-model", 2, 202, &v2_len);
    v3 = sm_model("h743-model", 3, 303, &v3_len);
    sm_offer(&o1, 1, v1, v1_len, 0);
    sm_offer(&o2, 2, v2, v2_len, 0);
    sm_offer(&o2_other_key, 3, v2, v2_len, 1);
    sm_offer(&o3_stale, 9, v3, v3_len, 0);
    memcpy(g_key, g_pub[0], 65);
    memset(&hal, 0, sizeof hal);
    hal.radio_power = radio_power;
    hal.publish = publish;
    memset(g_image, 0xFF, sizeof g_image);

    /* First boot on an erased store: mounted, no model yet. */
    fw_slots_boot(&fs);
    FL_CHECK(fs.mounted);
    FL_CHECK_EQ_INT(FL_ERR_STATE, fs.active_status);

    /* v1 offered and sent: activated, the result published. */
    queue_reset();
    queue_offer(&o1);
    queue_chunks(o1.offer_id, v1, v1_len, 0, -1);
    fw_slots_poll(&fs, &hal);
    FL_CHECK_EQ_INT(1, g_n_results);
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, g_results[0].code);
    FL_CHECK_EQ_INT(1, g_results[0].active_model_version);
    FL_CHECK_EQ_INT(1, status_of(&fs).active_version);

    /* Reboot: the self-test passes, the model is confirmed. */
    fw_slots_boot(&fs);
    FL_CHECK(fs.mounted);
    FL_CHECK_EQ_INT(FL_OK, fs.active_status);
    FL_CHECK_EQ_INT(FL_OK, fs.journal_status);
    FL_CHECK_EQ_INT(1, status_of(&fs).confirmed);

    /* v2 with a byte changed in transit: HASH_MISMATCH, v1 stays. */
    queue_reset();
    queue_offer(&o2);
    queue_chunks(o2.offer_id, v2, v2_len, 0, (long)(v2_len / 2u));
    fw_slots_poll(&fs, &hal);
    FL_CHECK_EQ_INT(1, g_n_results);
    FL_CHECK_EQ_INT(FL_OTA_HASH_MISMATCH, g_results[0].code);
    FL_CHECK_EQ_INT(1, g_results[0].active_model_version);

    /* v2 signed by a key the device does not trust: BAD_SIGNATURE, v1 stays. */
    queue_reset();
    queue_offer(&o2_other_key);
    queue_chunks(o2_other_key.offer_id, v2, v2_len, 0, -1);
    fw_slots_poll(&fs, &hal);
    FL_CHECK_EQ_INT(1, g_n_results);
    FL_CHECK_EQ_INT(FL_OTA_BAD_SIGNATURE, g_results[0].code);
    FL_CHECK_EQ_INT(1, status_of(&fs).active_version);

    /* v2 again, with stale chunks of another offer (v3's bytes) interleaved: they are dropped, v2 activates. */
    queue_reset();
    queue_offer(&o2);
    queue_chunks(o3_stale.offer_id, v3, 2048u, 0, -1);
    queue_chunks(o2.offer_id, v2, 2048u, 0, -1);
    queue_chunks(o3_stale.offer_id, v3, v3_len, 2048u, -1);
    queue_chunks(o2.offer_id, v2, v2_len, 2048u, -1);
    fw_slots_poll(&fs, &hal);
    FL_CHECK_EQ_INT(1, g_n_results);
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, g_results[0].code);
    FL_CHECK_EQ_INT(2, g_results[0].active_model_version);

    /* The same offer again (its result lost): finished from what is held, ACTIVATED, nothing re-sent. */
    queue_reset();
    queue_offer(&o2);
    fw_slots_poll(&fs, &hal);
    FL_CHECK_EQ_INT(1, g_n_results);
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, g_results[0].code);

    /* Reboot: v2 passes its self-test and is confirmed. */
    fw_slots_boot(&fs);
    FL_CHECK_EQ_INT(FL_OK, fs.active_status);
    FL_CHECK_EQ_INT(2, status_of(&fs).active_version);
    FL_CHECK_EQ_INT(1, status_of(&fs).confirmed);

    /* An unprovisioned part (the key reads 0xFF): the slots stay unmounted and offers are ignored; the flash
     * is untouched, so the same store mounts with v2 again once the key is there. */
    memset(g_key, 0xFF, sizeof g_key);
    fw_slots_boot(&fs);
    FL_CHECK(!fs.mounted);
    FL_CHECK_EQ_INT(FL_ERR_STATE, fs.mount_status);
    queue_reset();
    queue_offer(&o1);
    queue_chunks(o1.offer_id, v1, v1_len, 0, -1);
    fw_slots_poll(&fs, &hal);
    FL_CHECK_EQ_INT(0, g_n_results);
    memcpy(g_key, g_pub[0], 65);
    fw_slots_boot(&fs);
    FL_CHECK(fs.mounted);
    FL_CHECK_EQ_INT(2, status_of(&fs).active_version);

    if (!fl_test_current_failed_) {
        passed++;
    } else {
        fl_test_failures_++;
    }
    FL_TEST_MAIN_END(passed);
}

/* SPDX-License-Identifier: MIT */
/* What must never activate, and the trial after activation (docs/model-slots.md): a flipped byte anywhere in the
 * artifact, a wrong key, an all-zero or garbage signature, a wrong size, a truncated artifact, an offer that does
 * not fit or names no possible model; chunk order rules; the fallback after repeated faults or unconfirmed boots.
 * Keys are generated at run time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fl_host_crypto.h"
#include "fl_model_builder.h"
#include "fl_test.h"
#include "test_slots_support.h"

static uint8_t g_pub[65], g_pub_other[65];
static uint8_t *g_v1, *g_v2;
static size_t g_v1_len, g_v2_len;
static fl_ota_offer_t g_o1;
static char g_path[64];

/* A fresh device running v1 (confirmed). */
static void fresh(ts_dev_t *d, uint32_t trial_limit)
{
    fl_ota_code_t code;
    uint32_t acked;
    unlink(g_path);
    FL_CHECK_EQ_INT(FL_OK, ts_open(d, g_path, g_pub, trial_limit));
    FL_CHECK_EQ_INT(FL_OK, ts_install(d, &g_o1, g_v1, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_confirm(&d->slots));
}

static void expect_v1_active(ts_dev_t *d)
{
    uint32_t version = 0;
    fl_slots_status_t s;
    FL_CHECK(ts_active_valid(d, &version));
    FL_CHECK_EQ_INT(1, version);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_get_status(&d->slots, &s));
    FL_CHECK_EQ_INT(0, s.has_pending);
}

static void test_flipped_byte_anywhere_never_activates(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code;
    uint32_t acked;
    size_t pos;
    unsigned n = 0;
    uint8_t *bad = (uint8_t *)malloc(g_v2_len);
    fresh(&d, 0);
    ts_offer(&o, 200, g_v2, g_v2_len, 0); /* the genuine offer: hash and signature of the real v2 */
    for (pos = 0; pos < g_v2_len; pos += (pos < 256u ? 1u : 61u)) {
        memcpy(bad, g_v2, g_v2_len);
        bad[pos] ^= (uint8_t)(1u << (pos % 8u));
        o.offer_id = 200u + (uint32_t)pos;
        FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, bad, 1024, &code, &acked));
        FL_CHECK_EQ_INT(FL_OTA_HASH_MISMATCH, code);
        n++;
    }
    expect_v1_active(&d);
    printf("  %u flipped bytes: all HASH_MISMATCH, v1 still active\n", n);
    ts_close(&d);
    free(bad);
}

static void test_tampered_and_resigned_by_other_key(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code;
    uint32_t acked;
    fresh(&d, 0);
    /* Hash consistent with the bytes, signed by a key the device does not trust. */
    ts_offer(&o, 300, g_v2, g_v2_len, 1);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_BAD_SIGNATURE, code);
    /* Unsigned: all-zero r || s. */
    ts_offer(&o, 301, g_v2, g_v2_len, 0);
    memset(o.signature, 0, 64);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_BAD_SIGNATURE, code);
    /* r, s = all ones (out of range) and one flipped bit of a genuine signature. */
    ts_offer(&o, 302, g_v2, g_v2_len, 0);
    memset(o.signature, 0xFF, 64);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_BAD_SIGNATURE, code);
    ts_offer(&o, 303, g_v2, g_v2_len, 0);
    o.signature[40] ^= 0x04u;
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_BAD_SIGNATURE, code);
    /* The signature of v1 over v2's bytes. */
    ts_offer(&o, 304, g_v2, g_v2_len, 0);
    memcpy(o.signature, g_o1.signature, 64);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_BAD_SIGNATURE, code);
    expect_v1_active(&d);
    ts_close(&d);
}

static void test_wrong_trusted_key_on_device(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code;
    uint32_t acked;
    unlink(g_path);
    FL_CHECK_EQ_INT(FL_OK, ts_open(&d, g_path, g_pub_other, 0));
    ts_offer(&o, 310, g_v2, g_v2_len, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_BAD_SIGNATURE, code);
    {
        const uint8_t *blob;
        FL_CHECK_EQ_INT(FL_ERR_STATE, fl_slots_active(&d.slots, &blob, &acked)); /* nothing ever activated */
    }
    ts_close(&d);
}

static void test_wrong_size_and_truncated(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code;
    uint32_t acked, off;
    fresh(&d, 0);
    /* Offer says 4 bytes fewer, hash and signature over those bytes: the model's own framing refuses it. */
    ts_offer(&o, 400, g_v2, g_v2_len - 4u, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_INCOMPATIBLE, code);
    /* Offer says more than is sent: finish refuses an incomplete download; nothing activates. */
    ts_offer(&o, 401, g_v2, g_v2_len, 0);
    o.size_bytes = (uint32_t)g_v2_len + 8u;
    FL_CHECK_EQ_INT(FL_OK, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(FL_OK, fl_slots_write_chunk(&d.slots, 0, g_v2, 1024));
    FL_CHECK_EQ_INT(FL_ERR_STATE, fl_slots_finish(&d.slots, &code));
    /* A chunk past size_bytes is refused. */
    ts_offer(&o, 402, g_v2, 2000, 0);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(FL_OK, fl_slots_write_chunk(&d.slots, 0, g_v2, 1024));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_slots_write_chunk(&d.slots, 1024, g_v2 + 1024, 1000));
    /* Truncated artifact with the real v2's size: never complete. */
    ts_offer(&o, 403, g_v2, g_v2_len, 0);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(0, off);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_write_chunk(&d.slots, 0, g_v2, 1024));
    FL_CHECK_EQ_INT(FL_ERR_STATE, fl_slots_finish(&d.slots, &code));
    {
        uint32_t version = 0;
        FL_CHECK(ts_active_valid(&d, &version));
        FL_CHECK_EQ_INT(1, version);
    }
    ts_close(&d);
}

static void test_refusals(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code = FL_OTA_ACTIVATED;
    uint32_t off;
    fl_slots_status_t s;
    fresh(&d, 0);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_get_status(&d.slots, &s));
    ts_offer(&o, 500, g_v2, g_v2_len, 0);
    o.size_bytes = s.slot_bytes + 1u;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(FL_OTA_NO_SPACE, code);
    o.size_bytes = 100; /* smaller than any model's header */
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(FL_OTA_INCOMPATIBLE, code);
    o.size_bytes = (uint32_t)g_v2_len;
    strcpy(o.model_id, "bad id!");
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(FL_OTA_INCOMPATIBLE, code);
    /* A well-formed offer whose bytes carry another id: loads, but is not what was offered. */
    ts_offer(&o, 501, g_v2, g_v2_len, 0);
    strcpy(o.model_id, "fleet.other");
    {
        uint32_t acked;
        FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
        FL_CHECK_EQ_INT(FL_OTA_INCOMPATIBLE, code);
    }
    expect_v1_active(&d);
    ts_close(&d);
}

static void test_chunk_order_and_restart(void)
{
    ts_dev_t d;
    fl_ota_offer_t o, other;
    fl_ota_code_t code;
    uint32_t off, acked;
    fresh(&d, 0);
    ts_offer(&o, 600, g_v2, g_v2_len, 0);
    FL_CHECK_EQ_INT(FL_ERR_STATE, fl_slots_write_chunk(&d.slots, 0, g_v2, 100)); /* no download */
    FL_CHECK_EQ_INT(FL_OK, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(FL_OK, fl_slots_write_chunk(&d.slots, 0, g_v2, 700));
    FL_CHECK_EQ_INT(FL_OK, fl_slots_write_chunk(&d.slots, 0, g_v2, 700));      /* duplicate */
    FL_CHECK_EQ_INT(FL_ERR_STATE, fl_slots_write_chunk(&d.slots, 1400, g_v2 + 1400, 700)); /* a gap */
    FL_CHECK_EQ_INT(FL_OK, fl_slots_write_chunk(&d.slots, 500, g_v2 + 500, 700)); /* overlap: new part taken */
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_slots_write_chunk(&d.slots, 1200, g_v2 + 1200, FL_SLOTS_CHUNK_MAX + 1u));
    /* The same offer resumes; the end survives a remount. */
    ts_close(&d);
    FL_CHECK_EQ_INT(FL_OK, ts_open(&d, g_path, g_pub, 0));
    FL_CHECK_EQ_INT(FL_OK, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(1200, off);
    /* A different offer restarts from 0 and replaces it. */
    ts_offer(&other, 601, g_v2, g_v2_len, 0);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_begin(&d.slots, &other, &off, &code));
    FL_CHECK_EQ_INT(0, off);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &other, g_v2, 333, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    /* An offer of the model already active: nothing to send, ACTIVATED. */
    FL_CHECK_EQ_INT(FL_OK, fl_slots_confirm(&d.slots));
    FL_CHECK_EQ_INT(FL_OK, fl_slots_begin(&d.slots, &o, &off, &code));
    FL_CHECK_EQ_INT(g_v2_len, off);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_finish(&d.slots, &code));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    ts_close(&d);
}

static void test_fault_limit_rolls_back(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code;
    fl_slots_status_t s;
    uint32_t acked, rolled = 0, version = 0, off;
    fresh(&d, 3);
    ts_offer(&o, 700, g_v2, g_v2_len, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    /* On trial: a new offer would overwrite the fallback, so it waits. */
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_slots_begin(&d.slots, &g_o1, &off, &code));
    FL_CHECK_EQ_INT(FL_OTA_ABORTED, code);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_report_fault(&d.slots, &rolled));
    FL_CHECK_EQ_INT(0, rolled);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_report_fault(&d.slots, &rolled));
    FL_CHECK_EQ_INT(0, rolled);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_report_fault(&d.slots, &rolled));
    FL_CHECK_EQ_INT(1, rolled);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_get_status(&d.slots, &s));
    FL_CHECK_EQ_INT(FL_OTA_ROLLED_BACK, s.last_code);
    FL_CHECK_EQ_INT(700, s.last_offer_id);
    FL_CHECK_EQ_INT(1, s.last_version);
    FL_CHECK(ts_active_valid(&d, &version));
    FL_CHECK_EQ_INT(1, version);
    /* It survives a remount. */
    ts_close(&d);
    FL_CHECK_EQ_INT(FL_OK, ts_open(&d, g_path, g_pub, 3));
    FL_CHECK(ts_active_valid(&d, &version));
    FL_CHECK_EQ_INT(1, version);
    ts_close(&d);
}

static void test_unconfirmed_boots_roll_back_and_confirm_keeps(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code;
    fl_slots_status_t s;
    uint32_t acked, version = 0, rolled = 1, boots;
    fresh(&d, 2);
    ts_offer(&o, 800, g_v2, g_v2_len, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    for (boots = 1; boots <= 2; boots++) {
        ts_close(&d);
        FL_CHECK_EQ_INT(FL_OK, ts_open(&d, g_path, g_pub, 2));
    }
    FL_CHECK(ts_active_valid(&d, &version));
    FL_CHECK_EQ_INT(1, version);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_get_status(&d.slots, &s));
    FL_CHECK_EQ_INT(FL_OTA_ROLLED_BACK, s.last_code);
    /* Confirmed in time: boots and faults no longer matter. */
    ts_offer(&o, 801, g_v2, g_v2_len, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_confirm(&d.slots));
    for (boots = 1; boots <= 3; boots++) {
        ts_close(&d);
        FL_CHECK_EQ_INT(FL_OK, ts_open(&d, g_path, g_pub, 2));
        FL_CHECK_EQ_INT(FL_OK, fl_slots_report_fault(&d.slots, &rolled));
        FL_CHECK_EQ_INT(0, rolled);
    }
    FL_CHECK(ts_active_valid(&d, &version));
    FL_CHECK_EQ_INT(2, version);
    ts_close(&d);
}

/* A slot corrupted behind the journal's back (a flash fault) is caught at mount: the previous model boots. */
static void test_corrupt_active_slot_falls_back(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code;
    fl_slots_status_t s;
    uint32_t acked, version = 0;
    fresh(&d, 0);
    ts_offer(&o, 900, g_v2, g_v2_len, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, g_v2, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_get_status(&d.slots, &s));
    d.hf.mem[d.slots.slot_addr[s.active_slot] + 3000u] ^= 0x10u;
    ts_close(&d);
    FL_CHECK_EQ_INT(FL_OK, ts_open(&d, g_path, g_pub, 0));
    FL_CHECK(ts_active_valid(&d, &version));
    FL_CHECK_EQ_INT(1, version);
    ts_close(&d);
}

int main(void)
{
    int passed = 0;
    snprintf(g_path, sizeof g_path, "test_slots_verify.%ld.img", (long)getpid());
    ts_keygen(0, g_pub);
    ts_keygen(1, g_pub_other);
    g_v1 = ts_model("fleet.test", 1, 11u, 1, 0, &g_v1_len);
    g_v2 = ts_model("fleet.test", 2, 22u, 1, 0, &g_v2_len);
    ts_offer(&g_o1, 101, g_v1, g_v1_len, 0);
    FL_RUN(test_flipped_byte_anywhere_never_activates, passed);
    FL_RUN(test_tampered_and_resigned_by_other_key, passed);
    FL_RUN(test_wrong_trusted_key_on_device, passed);
    FL_RUN(test_wrong_size_and_truncated, passed);
    FL_RUN(test_refusals, passed);
    FL_RUN(test_chunk_order_and_restart, passed);
    FL_RUN(test_fault_limit_rolls_back, passed);
    FL_RUN(test_unconfirmed_boots_roll_back_and_confirm_keeps, passed);
    FL_RUN(test_corrupt_active_slot_falls_back, passed);
    unlink(g_path);
    free(g_v1);
    free(g_v2);
    FL_TEST_MAIN_END(passed);
}

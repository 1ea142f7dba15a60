/* SPDX-License-Identifier: MIT */
/* The self-test section of the model format (flags bit 0, docs/model-format.md) and its use by the slots: the
 * loader accepts a valid section and hands out the vector; it rejects wrong lengths, non-zero padding, a flag
 * without a section and a section without the flag; a flags=0 model stays valid without one. The slots refuse a
 * model whose output differs from its stored expectation (SELF_TEST_FAILED, the old model stays) and, by
 * default, one without a self-test (INCOMPATIBLE). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fl_model_builder.h"
#include "fl_test.h"
#include "test_slots_support.h"

static uint8_t g_arena_mem[64 * 1024];
static uint8_t g_pub[65];
static char g_path[64];

static fl_status_t load(uint8_t *blob, size_t len, fl_model_t *m)
{
    fl_arena_t a;
    fl_model_load_options_t opts;
    if (fl_arena_init(&a, g_arena_mem, sizeof g_arena_mem) != FL_OK) {
        return FL_ERR_NO_MEM;
    }
    opts.sha256 = fl_mb_sha256_mbedtls;
    opts.sha256_user = NULL;
    return fl_model_load(m, blob, len, &a, &opts, NULL);
}

static void test_loader_reads_the_vector(void)
{
    size_t len, plain_len;
    uint8_t *blob = ts_model("fleet.st", 3, 5u, 1, 0, &len);
    uint8_t *plain = ts_model("fleet.st", 3, 5u, 0, 0, &plain_len);
    fl_model_t m;
    fl_model_info_t info;
    const int8_t *in = NULL, *exp = NULL;
    uint32_t in_len = 0, exp_len = 0;
    int8_t out[FL_MODEL_MAX_LABELS];
    FL_CHECK_EQ_INT(FL_OK, load(blob, len, &m));
    FL_CHECK_EQ_INT(FL_OK, fl_model_selftest(&m, &in, &in_len, &exp, &exp_len));
    FL_CHECK(in == (const int8_t *)(const void *)(blob + plain_len + 8u));
    FL_CHECK_EQ_INT(256, in_len);
    FL_CHECK_EQ_INT(20, exp_len);
    FL_CHECK_EQ_INT(FL_OK, fl_model_selftest_run(&m, out, sizeof out));
    FL_CHECK_EQ_INT(FL_OK, fl_model_inspect(blob, len, &info, NULL));
    FL_CHECK_EQ_INT(len, info.flash_bytes);
    /* The same model without the section: valid, no vector. */
    FL_CHECK_EQ_INT(FL_OK, load(plain, plain_len, &m));
    FL_CHECK_EQ_INT(FL_OK, fl_model_selftest(&m, &in, &in_len, &exp, &exp_len));
    FL_CHECK(in == NULL && exp == NULL && in_len == 0u && exp_len == 0u);
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, fl_model_selftest_run(&m, out, sizeof out));
    free(blob);
    free(plain);
}

static void test_loader_rejects_bad_sections(void)
{
    size_t len, plain_len;
    uint8_t *good = ts_model("fleet.st", 3, 5u, 1, 0, &len);
    uint8_t *plain = ts_model("fleet.st", 3, 5u, 0, 0, &plain_len);
    uint8_t *b = (uint8_t *)malloc(len);
    fl_model_t m;
    fl_model_info_t info;
    size_t st = plain_len; /* the section's offset */
    struct {
        size_t off;
        uint32_t value;
        fl_status_t want;
    } cases[] = {
        {0, 255, FL_ERR_MISMATCH},          /* input length: the section no longer ends at flash_bytes */
        {0, 252, FL_ERR_MISMATCH},          /* shorter input, lengths made consistent: h*w*c differs */
        {4, 21, FL_ERR_MISMATCH},           /* output length */
        {4, 0, FL_ERR_MISMATCH},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_status_t got;
        memcpy(b, good, len);
        if (i == 1) {
            /* 252-byte input with its 4-byte shortfall moved into flash_bytes: lengths consistent, shape not. */
            fl_mb_put32(b + st, 252u);
            memmove(b + st + 8 + 252, b + st + 8 + 256, 20);
            fl_mb_put32(b + 40, (uint32_t)len - 4u);
            fl_mb_rehash(b, len - 4u, fl_mb_sha256_mbedtls, NULL);
            got = fl_model_inspect(b, len - 4u, &info, NULL);
        } else {
            fl_mb_put32(b + st + cases[i].off, cases[i].value);
            fl_mb_rehash(b, len, fl_mb_sha256_mbedtls, NULL);
            got = fl_model_inspect(b, len, &info, NULL);
        }
        FL_CHECK_EQ_INT(cases[i].want, got);
    }
    /* The flag without a section (a flags=0 model with bit 0 set). */
    memcpy(b, plain, plain_len);
    fl_mb_put32(b + 44, FL_MODEL_FLAG_SELFTEST);
    fl_mb_rehash(b, plain_len, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_model_inspect(b, plain_len, &info, NULL));
    /* A section without the flag: trailing bytes after the weights. */
    memcpy(b, good, len);
    fl_mb_put32(b + 44, 0);
    fl_mb_rehash(b, len, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, fl_model_inspect(b, len, &info, NULL));
    /* Other flag bits stay unsupported. */
    memcpy(b, good, len);
    fl_mb_put32(b + 44, FL_MODEL_FLAG_SELFTEST | 2u);
    fl_mb_rehash(b, len, fl_mb_sha256_mbedtls, NULL);
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, fl_model_inspect(b, len, &info, NULL));
    /* The vector is covered by the hash: a flipped expected byte without rehash is a hash mismatch. */
    memcpy(b, good, len);
    b[len - 1u] ^= 1u;
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, load(b, len, &m));
    free(b);
    free(good);
    free(plain);
}

static void test_slots_refuse_failed_or_missing_selftest(void)
{
    ts_dev_t d;
    fl_ota_offer_t o;
    fl_ota_code_t code;
    uint32_t acked, version = 0;
    size_t l1, lbad, lnone;
    uint8_t *v1 = ts_model("fleet.st", 1, 1u, 1, 0, &l1);
    uint8_t *bad = ts_model("fleet.st", 2, 2u, 1, 1, &lbad);
    uint8_t *none = ts_model("fleet.st", 3, 3u, 0, 0, &lnone);
    unlink(g_path);
    FL_CHECK_EQ_INT(FL_OK, ts_open(&d, g_path, g_pub, 0));
    ts_offer(&o, 1, v1, l1, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, v1, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    FL_CHECK_EQ_INT(FL_OK, fl_slots_confirm(&d.slots));
    ts_offer(&o, 2, bad, lbad, 0); /* hash and signature fine: only the self-test fails */
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, bad, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_SELF_TEST_FAILED, code);
    FL_CHECK(ts_active_valid(&d, &version));
    FL_CHECK_EQ_INT(1, version);
    ts_offer(&o, 3, none, lnone, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, none, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_INCOMPATIBLE, code);
    FL_CHECK(ts_active_valid(&d, &version));
    FL_CHECK_EQ_INT(1, version);
    /* Configured to accept models without a self-test. */
    ts_close(&d);
    FL_CHECK_EQ_INT(FL_OK, ts_open(&d, g_path, g_pub, 0));
    d.cfg.allow_no_selftest = 1;
    FL_CHECK_EQ_INT(FL_OK, fl_slots_mount(&d.slots, &d.cfg));
    ts_offer(&o, 4, none, lnone, 0);
    FL_CHECK_EQ_INT(FL_OK, ts_install(&d, &o, none, 1024, &code, &acked));
    FL_CHECK_EQ_INT(FL_OTA_ACTIVATED, code);
    ts_close(&d);
    unlink(g_path);
    free(v1);
    free(bad);
    free(none);
}

int main(void)
{
    int passed = 0;
    snprintf(g_path, sizeof g_path, "test_slots_selftest.%ld.img", (long)getpid());
    ts_keygen(0, g_pub);
    FL_RUN(test_loader_reads_the_vector, passed);
    FL_RUN(test_loader_rejects_bad_sections, passed);
    FL_RUN(test_slots_refuse_failed_or_missing_selftest, passed);
    FL_TEST_MAIN_END(passed);
}

/* SPDX-License-Identifier: MIT */
/* Drift detection for tests/golden/protocol/: the encoder must still produce every file byte for byte, each file
 * must decode to its fixture and re-encode identically, and README.md must match what gen_golden writes. */
#include <stdint.h>
#include <stdio.h>

#include "fl/fl_proto.h"
#include "fl_golden_fixtures.h"
#include "fl_test.h"

#define GOLDEN_DIR FL_REPO_ROOT "/tests/golden/protocol/"

static uint8_t g_file[8192];
static uint8_t g_enc[FL_PROTO_MAX_PAYLOAD];
static fl_msg_t g_fixture;
static fl_msg_t g_decoded;

/* Reads a whole file into g_file; returns its length, or -1. */
static long read_file(const char *path, uint8_t *dst, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL) {
        printf("  cannot open %s (run: cmake --build <dir> --target fl_golden)\n", path);
        return -1;
    }
    n = fread(dst, 1, cap, f);
    fclose(f);
    return n < cap ? (long)n : -1;
}

static void test_encoder_reproduces_every_golden_file(void)
{
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        char path[512];
        size_t len = 0;
        long n;
        const char *name = fl_golden_fixture(i, &g_fixture);
        snprintf(path, sizeof path, "%s%s", GOLDEN_DIR, name);
        n = read_file(path, g_file, sizeof g_file);
        FL_CHECK(n > 0);
        FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_fixture, g_enc, sizeof g_enc, &len));
        FL_CHECK_EQ_INT(n, len);
        if (n > 0 && (size_t)n == len) {
            FL_CHECK_MEM_EQ(g_file, g_enc, len);
        }
    }
}

static void test_every_golden_file_decodes_to_its_fixture_and_reencodes(void)
{
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        char path[512];
        size_t len = 0;
        long n;
        const char *name = fl_golden_fixture(i, &g_fixture);
        snprintf(path, sizeof path, "%s%s", GOLDEN_DIR, name);
        n = read_file(path, g_file, sizeof g_file);
        FL_CHECK(n > 0);
        if (n <= 0) {
            continue;
        }
        FL_CHECK_EQ_INT(FL_OK, fl_proto_decode_expect(g_file, (size_t)n, g_fixture.type, &g_decoded));
        FL_CHECK_MEM_EQ(&g_fixture, &g_decoded, sizeof g_decoded);
        FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_decoded, g_enc, sizeof g_enc, &len));
        FL_CHECK_EQ_INT(n, len);
        FL_CHECK_MEM_EQ(g_file, g_enc, (size_t)n);
    }
}

static void test_readme_matches_generator(void)
{
    static uint8_t expected[65536];
    FILE *tmp = tmpfile();
    size_t n_expected;
    long n_file;
    FL_CHECK(tmp != NULL);
    if (tmp == NULL) {
        return;
    }
    FL_CHECK_EQ_INT(0, fl_golden_write_readme(tmp));
    rewind(tmp);
    n_expected = fread(expected, 1, sizeof expected, tmp);
    fclose(tmp);
    {
        static uint8_t on_disk[65536];
        n_file = read_file(GOLDEN_DIR "README.md", on_disk, sizeof on_disk);
        FL_CHECK_EQ_INT(n_expected, n_file);
        if (n_file > 0 && (size_t)n_file == n_expected) {
            FL_CHECK_MEM_EQ(expected, on_disk, n_expected);
        }
    }
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_encoder_reproduces_every_golden_file, passed);
    FL_RUN(test_every_golden_file_decodes_to_its_fixture_and_reencodes, passed);
    FL_RUN(test_readme_matches_generator, passed);
    FL_TEST_MAIN_END(passed);
}

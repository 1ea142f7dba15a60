/* SPDX-License-Identifier: MIT */
/* gen_golden <dir>: writes the nine protocol v1 golden vectors and README.md into <dir>
 * (tests/golden/protocol/). A tool, not part of the library: it links fleetcore_static like a test. */
#include <stdio.h>

#include "fl_golden_fixtures.h"

static int write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    size_t written;
    if (f == NULL) {
        return -1;
    }
    written = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && written == len) ? 0 : -1;
}

int main(int argc, char **argv)
{
    char path[1024];
    size_t i;
    FILE *readme;

    if (argc != 2) {
        fprintf(stderr, "usage: gen_golden <output dir>\n");
        return 2;
    }
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        fl_msg_t msg;
        uint8_t buf[FL_PROTO_MAX_PAYLOAD];
        size_t len = 0;
        const char *name = fl_golden_fixture(i, &msg);
        fl_status_t st = fl_proto_encode(&msg, buf, sizeof buf, &len);
        if (st != FL_OK) {
            fprintf(stderr, "gen_golden: %s: %s\n", name, fl_status_name(st));
            return 1;
        }
        snprintf(path, sizeof path, "%s/%s", argv[1], name);
        if (write_file(path, buf, len) != 0) {
            fprintf(stderr, "gen_golden: cannot write %s\n", path);
            return 1;
        }
        printf("%s (%u bytes)\n", path, (unsigned)len);
    }
    snprintf(path, sizeof path, "%s/README.md", argv[1]);
    readme = fopen(path, "w");
    if (readme == NULL || fl_golden_write_readme(readme) != 0 || fclose(readme) != 0) {
        fprintf(stderr, "gen_golden: cannot write %s\n", path);
        return 1;
    }
    printf("%s\n", path);
    return 0;
}

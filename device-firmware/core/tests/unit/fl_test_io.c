/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include "fl_test_io.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t *fl_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (uint8_t *)malloc(n > 0 ? (size_t)n : 1u);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

int fl_test_each_network(const char *root, const char *sub, void (*fn)(const char *sub, const char *name))
{
    char path[512];
    DIR *dp;
    struct dirent *e;
    snprintf(path, sizeof path, "%s/%s", root, sub);
    dp = opendir(path);
    if (dp == NULL) {
        return -1;
    }
    while ((e = readdir(dp)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 8 && strcmp(e->d_name + n - 8, ".network") == 0) {
            fn(sub, e->d_name);
        }
    }
    closedir(dp);
    return 0;
}

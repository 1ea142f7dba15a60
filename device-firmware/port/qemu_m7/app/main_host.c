/* SPDX-License-Identifier: MIT */
/* Host build of the firmware app: the manifest path is the first argument. */
#include <stdio.h>

#include "fl_app.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <manifest>\n", argv[0]);
        return 2;
    }
    return fl_app_run(argv[1]);
}

/* SPDX-License-Identifier: MIT */
/* Cortex-M7 (QEMU mps2-an500) build of the firmware app: the manifest path is the second word of the
 * semihosting command line (-semihosting-config ...,arg=<image>,arg=<manifest>). */
#include <stdio.h>
#include <string.h>

#include "fl_app.h"
#include "semihost.h"

int main(void)
{
    static char cmdline[1024];
    char *manifest;
    if (fl_semihost_cmdline(cmdline, sizeof cmdline) != 0) {
        printf("error: no semihosting command line (run with -semihosting-config ...,arg=app,arg=<manifest>)\n");
        return 1;
    }
    manifest = strchr(cmdline, ' ');
    if (manifest == NULL) {
        printf("error: no manifest on the command line '%s'\n", cmdline);
        return 1;
    }
    while (*manifest == ' ') {
        manifest++;
    }
    return fl_app_run(manifest);
}

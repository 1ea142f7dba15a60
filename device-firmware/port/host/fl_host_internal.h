/* SPDX-License-Identifier: MIT */
/* Internal: the host port's frame source, shared by its HAL table. */
#ifndef FL_HOST_INTERNAL_H
#define FL_HOST_INTERNAL_H

#include "fl_host.h"

fl_status_t fl_host_frames_open(fl_host_t *h, const char *frames);
fl_status_t fl_host_capture(void *ctx, fl_frame_t *frame);

#endif /* FL_HOST_INTERNAL_H */

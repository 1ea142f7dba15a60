/* SPDX-License-Identifier: MIT */
#include "fl/fl_status.h"

const char *fl_status_name(fl_status_t status)
{
    switch (status) {
    case FL_OK: return "FL_OK";
    case FL_ERR_ARG: return "FL_ERR_ARG";
    case FL_ERR_NO_MEM: return "FL_ERR_NO_MEM";
    case FL_ERR_FORMAT: return "FL_ERR_FORMAT";
    case FL_ERR_UNSUPPORTED: return "FL_ERR_UNSUPPORTED";
    case FL_ERR_IO: return "FL_ERR_IO";
    case FL_ERR_STATE: return "FL_ERR_STATE";
    case FL_ERR_RANGE: return "FL_ERR_RANGE";
    case FL_ERR_MISMATCH: return "FL_ERR_MISMATCH";
    }
    return "FL_ERR_UNKNOWN";
}

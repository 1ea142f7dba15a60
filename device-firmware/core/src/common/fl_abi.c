/* SPDX-License-Identifier: MIT */
#include "fl/fl_abi.h"

uint32_t fl_core_abi_version(void)
{
    return FL_CORE_ABI_VERSION;
}

/* SPDX-License-Identifier: MIT */
/* The binary interface version of libfleetcore. Callers that bind the shared library (the C# interop) check it
 * once at load time and refuse to run against a library whose structs or signatures they do not know. */
#ifndef FL_ABI_H
#define FL_ABI_H

#include <stdint.h>

#include "fl_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bump whenever an exported struct layout, an FL_API signature or the meaning of a status changes. */
#define FL_CORE_ABI_VERSION 1u

/* Returns FL_CORE_ABI_VERSION as compiled into the library. Cannot fail. */
FL_API uint32_t fl_core_abi_version(void);

#ifdef __cplusplus
}
#endif

#endif /* FL_ABI_H */

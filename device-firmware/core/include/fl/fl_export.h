/* SPDX-License-Identifier: MIT */
/* Symbol visibility: the host shared library exports only what is marked FL_API (the library is built with
 * -fvisibility=hidden), so the ABI that C# binds is exactly the set of FL_API functions. */
#ifndef FL_EXPORT_H
#define FL_EXPORT_H

#if defined(FL_SHARED_BUILD) && (defined(__GNUC__) || defined(__clang__))
#define FL_API __attribute__((visibility("default")))
#else
#define FL_API
#endif

#endif /* FL_EXPORT_H */

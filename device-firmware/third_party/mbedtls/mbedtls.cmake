# SPDX-License-Identifier: MIT
# mbedTLS 2.28.3 for the Cortex-M7 images, built from Debian's source package (fetch_mbedtls.sh puts it in a
# cache outside the repository at configure time) with Fleet's configuration (mbedtls_config_fleet_m7.h): only
# the modules the model slots' SHA-256 and ECDSA P-256 verification need, as static libraries. Their warnings
# stay warnings (this is their code, not ours: no -Werror, no Fleet warning set).
#
#   include(<this file>) defines:
#     fl_mbedtls_add_library(<target> [TEST_SIGNING] [HEAP_STATS])
#                                                        the library; TEST_SIGNING adds HMAC_DRBG for tests that
#                                                        sign with keys made at run time, HEAP_STATS the heap's
#                                                        peak counters (MBEDTLS_MEMORY_DEBUG)
#     FL_MBEDTLS_SOURCE_DIR (cache)                      an already verified source tree skips the fetch
#     FL_CRYPTO_SOURCES                                  the slots' crypto callbacks on mbedTLS (shared with host)
#     FL_CRYPTO_INCLUDE_DIR

set(FL_MBEDTLS_DIR ${CMAKE_CURRENT_LIST_DIR})
set(FL_MBEDTLS_SOURCE_DIR "" CACHE PATH
    "mbedTLS 2.28.3 source tree (empty: fetched and verified by third_party/mbedtls/fetch_mbedtls.sh)")

if(NOT FL_MBEDTLS_SOURCE_DIR)
  find_program(FL_BASH bash REQUIRED)
  execute_process(COMMAND ${FL_BASH} ${FL_MBEDTLS_DIR}/fetch_mbedtls.sh
                  RESULT_VARIABLE fl_fetch_rc OUTPUT_VARIABLE fl_fetch_out ERROR_VARIABLE fl_fetch_err
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT fl_fetch_rc EQUAL 0)
    message(FATAL_ERROR "mbedTLS for the M7 images could not be fetched:\n${fl_fetch_err}")
  endif()
  string(REGEX REPLACE ".*\n" "" fl_mbedtls_src "${fl_fetch_out}")
  message(STATUS "mbedTLS 2.28.3 (Debian source package, verified): ${fl_mbedtls_src}")
else()
  set(fl_mbedtls_src ${FL_MBEDTLS_SOURCE_DIR})
endif()
if(NOT EXISTS ${fl_mbedtls_src}/include/mbedtls/ecdsa.h)
  message(FATAL_ERROR "${fl_mbedtls_src} is not an mbedTLS 2.28 source tree")
endif()

set(FL_MBEDTLS_MODULES bignum ecp ecp_curves ecdsa sha256 asn1parse asn1write constant_time platform
    platform_util memory_buffer_alloc)

function(fl_mbedtls_add_library target)
  cmake_parse_arguments(arg "TEST_SIGNING;HEAP_STATS" "" "" ${ARGN})
  set(modules ${FL_MBEDTLS_MODULES})
  if(arg_TEST_SIGNING)
    list(APPEND modules md hmac_drbg)
  endif()
  list(TRANSFORM modules PREPEND ${fl_mbedtls_src}/library/)
  list(TRANSFORM modules APPEND .c)
  add_library(${target} STATIC ${modules})
  target_include_directories(${target} SYSTEM PUBLIC ${fl_mbedtls_src}/include ${FL_MBEDTLS_DIR})
  target_compile_definitions(${target} PUBLIC "MBEDTLS_CONFIG_FILE=\"mbedtls_config_fleet_m7.h\""
                             $<$<BOOL:${arg_TEST_SIGNING}>:FL_MBEDTLS_TEST_SIGNING>
                             $<$<BOOL:${arg_HEAP_STATS}>:FL_MBEDTLS_HEAP_STATS>)
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE OFF C_EXTENSIONS OFF)
endfunction()

# The slots' callbacks (fl_sha256_fn, fl_ecdsa_p256_verify_fn): one file for every port, written against the
# mbedTLS 2.28 API (the host links Debian's libmbedcrypto, the M7 images the library above).
set(FL_CRYPTO_INCLUDE_DIR ${CMAKE_CURRENT_LIST_DIR}/../../port/host/flash)
set(FL_CRYPTO_SOURCES ${FL_CRYPTO_INCLUDE_DIR}/fl_host_crypto.c)

# SPDX-License-Identifier: MIT
# Host port of the model slots (docs/model-slots.md): a file as NOR flash with power-cut fault injection, the
# slots' crypto callbacks on mbedTLS 2.28 (libmbedtls-dev), and the one-struct device the C# binding opens.
# Included by core/src/slots/slots.cmake when NOT CMAKE_CROSSCOMPILING. Defines FL_HOST_FLASH_SOURCES,
# FL_HOST_FLASH_INCLUDE_DIR and, when mbedTLS is present, the static library fleet_host_flash.

set(FL_HOST_FLASH_INCLUDE_DIR ${CMAKE_CURRENT_LIST_DIR})
set(FL_HOST_FLASH_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/fl_host_flash.c
  ${CMAKE_CURRENT_LIST_DIR}/fl_host_crypto.c
  ${CMAKE_CURRENT_LIST_DIR}/fl_host_slots.c
)

find_path(FL_MBEDTLS_INCLUDE_DIR mbedtls/sha256.h)
find_library(FL_MBEDCRYPTO_LIBRARY mbedcrypto)

if(FL_MBEDTLS_INCLUDE_DIR AND FL_MBEDCRYPTO_LIBRARY)
  set(FL_HOST_FLASH_AVAILABLE ON)
  add_library(fleet_host_flash STATIC ${FL_HOST_FLASH_SOURCES})
  target_include_directories(fleet_host_flash PUBLIC ${FL_HOST_FLASH_INCLUDE_DIR} ${CMAKE_CURRENT_LIST_DIR}/../../../core/include
                                              PRIVATE ${FL_MBEDTLS_INCLUDE_DIR})
  target_compile_options(fleet_host_flash PRIVATE ${FL_WARNINGS})
  target_link_libraries(fleet_host_flash PUBLIC fleetcore_static ${FL_MBEDCRYPTO_LIBRARY})
  set_target_properties(fleet_host_flash PROPERTIES POSITION_INDEPENDENT_CODE ON)
else()
  set(FL_HOST_FLASH_AVAILABLE OFF)
  message(WARNING "mbedtls not found (apt-get install -y libmbedtls-dev): the host model slots and their tests are not built")
endif()

# SPDX-License-Identifier: MIT
# Host port of the HAL (device-firmware/port/host): included from core/src/loop/loop.cmake on host builds.
# Targets: fleet_host_port (static library), fleet-fw-host (the firmware on the host) and the loop tests.
set(FL_HOST_PORT_DIR ${CMAKE_CURRENT_LIST_DIR})

add_library(fleet_host_port STATIC
    ${FL_HOST_PORT_DIR}/fl_host_hal.c
    ${FL_HOST_PORT_DIR}/fl_host_frames.c)
target_include_directories(fleet_host_port PUBLIC ${FL_HOST_PORT_DIR})
target_link_libraries(fleet_host_port PUBLIC fleetcore_static)
target_compile_options(fleet_host_port PRIVATE ${FL_WARNINGS})

add_executable(fleet-fw-host ${FL_HOST_PORT_DIR}/fleet_fw_host.c)
target_link_libraries(fleet-fw-host PRIVATE fleet_host_port)
target_compile_options(fleet-fw-host PRIVATE ${FL_WARNINGS})

if(FL_BUILD_TESTS)
  foreach(t test_loop_decisions test_loop_ledger test_loop_sleep test_loop_day test_loop_frames)
    fl_add_unit_test(${t} tests/unit/${t}.c tests/unit/test_loop_support.c)
    target_link_libraries(${t} PRIVATE fleet_host_port)
    target_include_directories(${t} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_compile_definitions(${t} PRIVATE
        FL_PROFILES_DIR="${CMAKE_CURRENT_SOURCE_DIR}/../profiles")
    set_tests_properties(${t} PROPERTIES SKIP_RETURN_CODE 77)
  endforeach()
  # The executable itself: a short run on the compiled-in profiles, no data needed.
  add_test(NAME test_loop_fw_host COMMAND fleet-fw-host --wakes 3 --radio wifi)
endif()

# Model slots (port/host/flash, the slots helper) are optional for the host firmware.
if(TARGET fleet_host_flash)
  target_link_libraries(fleet-fw-host PRIVATE fleet_host_flash)
endif()

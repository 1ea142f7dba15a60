# SPDX-License-Identifier: MIT
# The sensing loop over the HAL (docs/firmware-loop.md) and the board power profiles it charges against
# (docs/power-profiles.md): included by the core CMakeLists.txt.

# Power profiles: device-firmware/profiles/*.json -> <build>/generated/fl_profiles_gen.h. The generator runs at
# configure time, and the JSON files and the generator are configure dependencies, so editing a profile
# regenerates the header on the next `cmake --build`; a bad profile stops the build with the generator's
# message (file, key path, problem).
find_package(Python3 COMPONENTS Interpreter REQUIRED)
set(FL_PROFILES_DIR ${CMAKE_CURRENT_SOURCE_DIR}/../profiles)
set(FL_PROFILES_GEN_DIR ${CMAKE_CURRENT_BINARY_DIR}/generated)
set(FL_PROFILES_HEADER ${FL_PROFILES_GEN_DIR}/fl_profiles_gen.h)
file(GLOB FL_PROFILE_JSON CONFIGURE_DEPENDS ${FL_PROFILES_DIR}/*.json)
file(MAKE_DIRECTORY ${FL_PROFILES_GEN_DIR})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${FL_PROFILE_JSON} ${FL_PROFILES_DIR}/gen_profiles.py)
execute_process(
  COMMAND ${Python3_EXECUTABLE} ${FL_PROFILES_DIR}/gen_profiles.py ${FL_PROFILES_HEADER} ${FL_PROFILE_JSON}
  RESULT_VARIABLE FL_PROFILES_RC
  ERROR_VARIABLE FL_PROFILES_ERR)
if(NOT FL_PROFILES_RC EQUAL 0)
  message(FATAL_ERROR "device-firmware/profiles: ${FL_PROFILES_ERR}")
endif()
# Directory scope: fleetcore_static / fleetcore are created after this file is included.
include_directories(${FL_PROFILES_GEN_DIR})

list(APPEND FL_CORE_SOURCES
    src/loop/fl_loop_profiles.c
    src/loop/fl_loop_config.c
    src/loop/fl_loop_sense.c
    src/loop/fl_loop_uplink.c
    src/loop/fl_loop_sleep.c
    src/loop/fl_loop_wake.c)

if(FL_BUILD_TESTS)
  # The generator: regenerating from the JSON gives the header the build uses, and bad profiles are refused.
  add_test(NAME test_loop_profiles_gen
           COMMAND ${Python3_EXECUTABLE} ${FL_PROFILES_DIR}/test_gen_profiles.py ${FL_PROFILES_HEADER})
endif()

# The host port (files as flash, virtual clock), its firmware executable and the loop tests that run on it.
if(NOT CMAKE_CROSSCOMPILING)
  include(${CMAKE_CURRENT_SOURCE_DIR}/../port/host/host.cmake)
endif()

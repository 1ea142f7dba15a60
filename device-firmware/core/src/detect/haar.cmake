# SPDX-License-Identifier: MIT
# Haar-cascade detection (src/detect/fl_haar_*): cascade loaders (OpenMV .cascade, Fleet FLHC) and the
# camera / OpenCV detectors. Included OPTIONALLY by the top CMakeLists.txt; appends to FL_CORE_SOURCES and
# registers unit tests, the fuzz target and the host benchmark.

# The detector takes its memory from fl_arena; nn.cmake usually adds it already.
if(NOT "src/common/fl_arena.c" IN_LIST FL_CORE_SOURCES)
  list(APPEND FL_CORE_SOURCES src/common/fl_arena.c)
endif()

set(FL_HAAR_SOURCES
  src/detect/fl_haar_cascade_reader.c
  src/detect/fl_haar_cascade_openmv.c
  src/detect/fl_haar_cascade_fleet.c
  src/detect/fl_haar_cascade_load.c
  src/detect/fl_haar_math.c
  src/detect/fl_haar_gray.c
  src/detect/fl_haar_resize.c
  src/detect/fl_haar_group.c
  src/detect/fl_haar_camera.c
  src/detect/fl_haar_opencv.c
  src/detect/fl_haar_detect.c
  src/detect/fl_haar_flash.c
)
list(APPEND FL_CORE_SOURCES ${FL_HAAR_SOURCES})

# Test support (file/PGM/JSON reading and an OpenCV XML -> Fleet cascade builder for the figures); test code only.
set(FL_HAAR_TEST_SUPPORT tests/unit/test_haar_support.c)

fl_add_unit_test(test_haar_math tests/unit/test_haar_math.c)
fl_add_unit_test(test_haar_cascade_fleet tests/unit/test_haar_cascade_fleet.c)
fl_add_unit_test(test_haar_cascade_files tests/unit/test_haar_cascade_files.c ${FL_HAAR_TEST_SUPPORT})
fl_add_unit_test(test_haar_camera tests/unit/test_haar_camera.c ${FL_HAAR_TEST_SUPPORT})
fl_add_unit_test(test_haar_opencv tests/unit/test_haar_opencv.c ${FL_HAAR_TEST_SUPPORT})
fl_add_unit_test(test_haar_flash tests/unit/test_haar_flash.c ${FL_HAAR_TEST_SUPPORT})
if(FL_BUILD_TESTS)
  # Tests that need ../shared return 77 and print "SKIPPED: <reason>" when it is absent.
  set_tests_properties(test_haar_cascade_files test_haar_camera test_haar_opencv test_haar_flash PROPERTIES SKIP_RETURN_CODE 77)
  # Only the tests compare against libm (sqrtf); the library itself needs none.
  target_link_libraries(test_haar_math PRIVATE m)
  target_link_libraries(test_haar_opencv PRIVATE m)

  # Host benchmark (prints figures; not a test): tools/bench_haar.c, see docs/detection.md.
  add_executable(bench_haar tools/bench_haar.c ${FL_HAAR_TEST_SUPPORT})
  target_link_libraries(bench_haar PRIVATE fleetcore_static m)
  target_include_directories(bench_haar PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/tests/unit)
  target_compile_options(bench_haar PRIVATE ${FL_WARNINGS})
  target_compile_definitions(bench_haar PRIVATE FL_REPO_ROOT="${CMAKE_CURRENT_SOURCE_DIR}/../.."
                             FL_BENCH_BUILD_TYPE="${CMAKE_BUILD_TYPE}")
endif()

if(FL_BUILD_FUZZERS)
  # The fuzzer compiles the loaders and detectors itself so the sanitizers instrument them too.
  add_executable(fuzz_fl_cascade_load tests/fuzz/fuzz_fl_cascade_load.c src/common/fl_status.c
                 src/common/fl_arena.c ${FL_HAAR_SOURCES})
  target_include_directories(fuzz_fl_cascade_load PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include
                                                          ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(fuzz_fl_cascade_load PRIVATE ${FL_WARNINGS} -g -O1 -fno-omit-frame-pointer
                         -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
  target_link_options(fuzz_fl_cascade_load PRIVATE -fsanitize=fuzzer,address,undefined)

  # Flash images (fl_haar_flash.c): opened as given, or written from a loaded cascade, mutated and reopened.
  add_executable(fuzz_fl_haar_flash tests/fuzz/fuzz_fl_haar_flash.c src/common/fl_status.c src/common/fl_arena.c
                 ${FL_HAAR_SOURCES})
  target_include_directories(fuzz_fl_haar_flash PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include
                                                        ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(fuzz_fl_haar_flash PRIVATE ${FL_WARNINGS} -g -O1 -fno-omit-frame-pointer
                         -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
  target_link_options(fuzz_fl_haar_flash PRIVATE -fsanitize=fuzzer,address,undefined)
endif()

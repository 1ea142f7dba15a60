# SPDX-License-Identifier: MIT
# Thermal people detection (src/detect/fl_thermal_*). Included OPTIONALLY by the top CMakeLists.txt.

# The detector takes its memory from fl_arena; nn.cmake usually adds it already.
if(NOT "src/common/fl_arena.c" IN_LIST FL_CORE_SOURCES)
  list(APPEND FL_CORE_SOURCES src/common/fl_arena.c)
endif()

list(APPEND FL_CORE_SOURCES
  src/detect/fl_thermal_config.c
  src/detect/fl_thermal_init.c
  src/detect/fl_thermal_background.c
  src/detect/fl_thermal_residue.c
  src/detect/fl_thermal_components.c
  src/detect/fl_thermal_presence.c
  src/detect/fl_thermal_track.c
  src/detect/fl_thermal_process.c
  src/detect/fl_thermal_abi.c
)

fl_add_unit_test(test_thermal_config tests/unit/test_thermal_config.c)
fl_add_unit_test(test_thermal_background tests/unit/test_thermal_background.c)
fl_add_unit_test(test_thermal_components tests/unit/test_thermal_components.c)
fl_add_unit_test(test_thermal_presence tests/unit/test_thermal_presence.c)
fl_add_unit_test(test_thermal_track tests/unit/test_thermal_track.c)
fl_add_unit_test(test_thermal_residue tests/unit/test_thermal_residue.c)

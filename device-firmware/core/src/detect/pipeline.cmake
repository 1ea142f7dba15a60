# SPDX-License-Identifier: MIT
# The seed's camera pipeline as one call (src/detect/fl_smile_pipeline.c, include/fl/fl_pipeline.h):
# Haar faces -> ROI -> smile CNN. Included OPTIONALLY by the top CMakeLists.txt after haar.cmake and model.cmake,
# whose sources it calls; without them there is nothing to chain, so it adds nothing.

if("src/detect/fl_haar_detect.c" IN_LIST FL_CORE_SOURCES AND "src/model/fl_network_run.c" IN_LIST FL_CORE_SOURCES
   AND "src/model/fl_model_run.c" IN_LIST FL_CORE_SOURCES)
  list(APPEND FL_CORE_SOURCES src/detect/fl_smile_pipeline.c)

  # Needs ../shared (returns 77 / SKIPPED without it); reuses the Haar tests' file and PGM helpers.
  fl_add_unit_test(test_smile_pipeline tests/unit/test_smile_pipeline.c tests/unit/test_haar_support.c)
  if(FL_BUILD_TESTS)
    set_tests_properties(test_smile_pipeline PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endif()

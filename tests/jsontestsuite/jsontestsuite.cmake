# The JSON Parsing Test Suite (JSONTestSuite) through the real binary. The suite lives in
# ../shared/jsontestsuite next to the repository; without it the test exits 77 and ctest reports
# it as skipped.
add_test(NAME jsontestsuite
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/jsontestsuite/run_jsontestsuite.py $<TARGET_FILE:dlcheck>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/../shared/jsontestsuite)
set_tests_properties(jsontestsuite PROPERTIES SKIP_RETURN_CODE 77)

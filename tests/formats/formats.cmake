# The machine formats checked by real validators: the SARIF 2.1.0 JSON schema (python3-jsonschema)
# and the JUnit XSD (xmllint). Both schemas live in ../shared/schemas next to the repository;
# without them the tests exit 77 and ctest reports them as skipped.
add_test(NAME formats.sarif-schema
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/formats/validate_sarif.py $<TARGET_FILE:dlcheck>
                 ${PROJECT_SOURCE_DIR})
add_test(NAME formats.junit-schema
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/formats/validate_junit.sh $<TARGET_FILE:dlcheck>
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(formats.sarif-schema formats.junit-schema PROPERTIES SKIP_RETURN_CODE 77)
# SARIF, annotation and JUnit paths relative to the repository root from any working folder.
add_test(NAME formats.repository-paths
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/formats/repository_paths.py $<TARGET_FILE:dlcheck>
                 ${PROJECT_SOURCE_DIR})

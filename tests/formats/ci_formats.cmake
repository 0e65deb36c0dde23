# The formats for CI services against what their consumers do with them, and --also.
# Golden files: UPDATE=1 tests/formats/golden_test.sh build/dlcheck . rewrites them after an intended change.
add_test(NAME formats.ci-goldens COMMAND bash ${PROJECT_SOURCE_DIR}/tests/formats/golden_test.sh $<TARGET_FILE:dlcheck>
                                         ${PROJECT_SOURCE_DIR})
# Decodes --format classroom as classroom-resources/autograding-grading-reporter does and checks the points.
add_test(NAME formats.classroom-decode COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/formats/classroom_decode.py
                                               $<TARGET_FILE:dlcheck> ${PROJECT_SOURCE_DIR})
add_test(NAME formats.also COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/formats/also_test.py $<TARGET_FILE:dlcheck>
                                   ${PROJECT_SOURCE_DIR})
# The GitHub Classroom workflow and the .gitlab-ci.yml in docs/ci.md, their dlcheck commands run as the services do.
add_test(NAME formats.ci-docs COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/formats/ci_docs_test.py $<TARGET_FILE:dlcheck>
                                      ${PROJECT_SOURCE_DIR})

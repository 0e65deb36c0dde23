# The HTML report in a real browser. Included from tests/CMakeLists.txt; skipped (exit 77)
# when chromium is not installed.
add_test(NAME browser.html-report
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/render_html.sh $<TARGET_FILE:dlcheck> ${PROJECT_SOURCE_DIR})
set_tests_properties(browser.html-report PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)

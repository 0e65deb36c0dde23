// The HTML report: self-contained, every untrusted string escaped, and every part of the report present.

#include <catch2/catch.hpp>
#include <cctype>
#include <sstream>
#include <string>

#include "check_helpers.hpp"
#include "format/formatter.hpp"
#include "temp_project.hpp"

using dlcheck::testing::TempProject;

namespace {

std::string render(const std::vector<dlcheck::FileReport>& files,
                   dlcheck::Profile profile = dlcheck::Profile::roadmap) {
  dlcheck::Report report;
  report.profile = profile;
  report.files = files;
  std::ostringstream out;
  dlcheck::find_formatter("html")->write(report, out, dlcheck::OutputOptions{});
  return out.str();
}

std::string render_json(const std::string& json, dlcheck::Profile profile = dlcheck::Profile::roadmap) {
  return render({dlcheck::testing::check(json, profile)}, profile);
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

// Whether any tag has an on… event attribute. Attribute values are skipped, so escaped text
// inside a value (aria-label="x&quot; onload=…") is not mistaken for an attribute.
bool has_event_attribute(const std::string& html) {
  for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i)) {
    ++i;
    while (i < html.size() && std::isalnum(static_cast<unsigned char>(html[i]))) ++i;  // the tag name
    while (i < html.size() && html[i] != '>') {
      if (std::isspace(static_cast<unsigned char>(html[i])) || html[i] == '/') {
        ++i;
        continue;
      }
      const std::size_t name = i;
      while (i < html.size() && html[i] != '=' && html[i] != '>' && !std::isspace(static_cast<unsigned char>(html[i])))
        ++i;
      if (html.compare(name, 2, "on") == 0) return true;
      if (i < html.size() && html[i] == '=' && i + 1 < html.size() && (html[i + 1] == '"' || html[i + 1] == '\'')) {
        i = html.find(html[i + 1], i + 2);
        if (i == std::string::npos) return false;
        ++i;
      } else if (i < html.size() && html[i] == '=') {
        ++i;
      }
    }
  }
  return false;
}

// Nothing in the page may make a browser fetch or run anything.
void check_self_contained(const std::string& html) {
  CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  CHECK(
      html.find(
          R"(<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">)") !=
      std::string::npos);
  for (const char* forbidden : {"src=", "href=\"http", "<link", "@import", "url(", "<script", "<iframe", "<img",
                                "<object", "<embed", " style="}) {
    INFO(forbidden);
    CHECK(html.find(forbidden) == std::string::npos);
  }
  CHECK_FALSE(has_event_attribute(html));
  CHECK(html.ends_with("</body>\n</html>\n"));
}

const char* kRoadmapRecord =
    R"({"task": "image classification", "baseline_accuracy": 0.71, "current_accuracy": 0.82, "failure_case_count": 5, "next_step": "inspect confused classes and add augmentation"})";

// A small project: a Keras log with a training and a validation curve, and predictions of three classes.
const char* kTrainLog =
    "epoch,loss,val_loss\n0,1.20,0.90\n1,0.80,0.70\n2,0.55,0.60\n3,0.40,0.58\n4,0.30,0.62\n5,0.25,0.66\n";

std::string predictions() {
  std::string rows = "id,label,prediction\n";
  for (int i = 0; i < 10; ++i) rows += "img" + std::to_string(i) + (i < 7 ? ",cat,cat\n" : ",cat,dog\n");
  for (int i = 10; i < 20; ++i) rows += "img" + std::to_string(i) + (i < 18 ? ",dog,dog\n" : ",dog,cat\n");
  for (int i = 20; i < 30; ++i)
    rows += "img" + std::to_string(i) + (i < 29 ? ",bird,bird\n" : ",bird,<svg onload=alert(5)>\n");
  return rows;
}

const char* kProjectRecord = R"({
  "task": "image classification",
  "metric": {"name": "accuracy", "higher_is_better": true},
  "baseline": {"method": "majority class", "value": 0.33},
  "current": {"method": "small CNN", "value": 0.8},
  "training_log": "logs/train_log.csv",
  "predictions": "predictions.csv",
  "success_samples": [{"input": "img0", "label": "cat", "prediction": "cat", "note": "a cat in the sun"}],
  "failure_cases": [
    {"input": "img7", "label": "cat", "prediction": "dog", "note": "<script>alert(1)</script> dark photo"},
    {"input": "img18", "label": "dog", "prediction": "cat", "note": "dog curled up"},
    {"input": "img29", "label": "bird", "prediction": "<svg onload=alert(5)>", "note": "odd label"}
  ],
  "failure_case_count": 6,
  "next_step": {"change": "augment", "reason": "cat and dog are confused"}
})";

dlcheck::FileReport check_project(const TempProject& project) {
  project.write("logs/train_log.csv", kTrainLog);
  project.write("predictions.csv", predictions());
  const auto path = project.write("evidence.json", kProjectRecord);
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  return dlcheck::check_file(path.string(), options);
}

}  // namespace

TEST_CASE("html: a self-contained page with the verdict, score, summary lines and metric", "[html]") {
  const std::string html = render_json(kRoadmapRecord, dlcheck::Profile::record);
  check_self_contained(html);
  CHECK(html.find("<title>dlcheck report: pass</title>") != std::string::npos);
  CHECK(html.find("overall: pass") != std::string::npos);
  CHECK(html.find("<strong>6/6</strong>") != std::string::npos);
  CHECK(html.find("<dt>task</dt><dd>image classification</dd>") != std::string::npos);
  CHECK(html.find("<dt>improvement</dt><dd>0.11</dd>") != std::string::npos);
  CHECK(html.find("<dt>failure_case_count</dt><dd>5</dd>") != std::string::npos);
  CHECK(html.find("<dt>next_step</dt><dd>inspect confused classes and add augmentation</dd>") != std::string::npos);
  CHECK(html.find("accuracy (higher is better): 0.71 → 0.82, +0.11 (+15.5%)") != std::string::npos);
  CHECK(html.find("<footer>dlcheck " DLCHECK_VERSION " · profile record") != std::string::npos);
  // Every item has its mark, and a section where everything passed is folded.
  CHECK(occurrences(html, R"(<li class="item pass">)") == 6);
  CHECK(html.find(R"(<details class="section"><summary>)") != std::string::npos);
  CHECK(html.find("Keep One Evidence Record") != std::string::npos);
}

TEST_CASE("html: a failing item shows its mark and every finding with location, severity, snippet and hint", "[html]") {
  const std::string html = render_json(R"({
  "task": "image classification",
  "baseline_accuracy": 0.71,
  "current": {"value": "0.82"},
  "run_comand": "python x.py"
})",
                                       dlcheck::Profile::record);
  check_self_contained(html);
  CHECK(html.find("overall: fail") != std::string::npos);
  CHECK(html.find(R"(<details class="section" open>)") != std::string::npos);
  CHECK(html.find(R"(<li class="item error">)") != std::string::npos);
  CHECK(
      html.find(
          R"(<span class="mark error" role="img" aria-label="error" title="error">✗</span><code class="rule">improvement</code>)") !=
      std::string::npos);
  CHECK(html.find(R"(<code>evidence.json:4:15</code> <code class="muted">[improvement]</code>)") != std::string::npos);
  CHECK(html.find("current.value must be a number, not the string &quot;0.82&quot;") != std::string::npos);
  CHECK(
      html.find(
          R"(<span class="gutter">4 | </span>  &quot;current&quot;: {<mark>&quot;</mark>value&quot;: &quot;0.82&quot;},)") !=
      std::string::npos);
  CHECK(html.find("<b>hint:</b> write the number without quotes: 0.82") != std::string::npos);
  // A consistency finding comes after the checklist, under its own heading.
  const auto consistency = html.find("<h4>Consistency</h4>");
  REQUIRE(consistency != std::string::npos);
  CHECK(html.find("<code class=\"rule\">unknown-field</code>", consistency) != std::string::npos);
  CHECK(html.find("Keep One Evidence Record") < consistency);
}

TEST_CASE("html: evidence text stays text, in elements and attributes", "[html]") {
  const std::string html = render_json(R"json({
  "task": "<script>alert(1)</script> \"quoted\" 'single' & co",
  "metric": {"name": "acc\" onmouseover=\"alert(2)", "higher_is_better": true},
  "baseline": {"value": 0.5}, "current": {"value": 0.6},
  "failure_cases": [{"input": "<img src=x onerror=alert(3)>", "label": "a", "prediction": "b",
                     "note": "</td></table><script>alert(4)</script>\u001b[2J \u202eevil"}],
  "next_step": "<a href=\"javascript:alert(5)\">x</a>"
})json",
                                       dlcheck::Profile::record);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<a href=\"javascript") == std::string::npos);
  CHECK_FALSE(has_event_attribute(html));
  // The helper itself: it sees a real attribute, and not one spelled inside a value or in text.
  CHECK(has_event_attribute(R"(<p>text</p><b class="x" onclick="y">)"));
  CHECK_FALSE(has_event_attribute(R"(<svg aria-label="a&quot; onload=&quot;b"> onload=x</svg>)"));
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; co") !=
        std::string::npos);
  CHECK(html.find("<td>&lt;img src=x onerror=alert(3)&gt;</td>") != std::string::npos);
  // Control characters and bidi overrides are shown, never obeyed.
  CHECK(html.find("&lt;/td&gt;&lt;/table&gt;&lt;script&gt;alert(4)&lt;/script&gt;\\x1b[2J \\u202eevil</td>") !=
        std::string::npos);
  CHECK(html.find("\x1b") == std::string::npos);
  CHECK(html.find("\xE2\x80\xAE") == std::string::npos);
}

TEST_CASE("html: an input error shows line:column and the offending line", "[html]") {
  const std::string html = render_json("{\n  \"task\": \"<b>image</b>\",\n  \"baseline\": {\"value\": 0.71,}\n}\n");
  check_self_contained(html);
  CHECK(html.find("overall: error") != std::string::npos);
  CHECK(html.find("The file could not be checked") != std::string::npos);
  CHECK(html.find("<code>evidence.json:3:29</code>") != std::string::npos);
  CHECK(
      html.find(R"(<span class="gutter">3 | </span>  &quot;baseline&quot;: {&quot;value&quot;: 0.71<mark>,</mark>})") !=
      std::string::npos);
  CHECK(html.find(R"(<span class="caret">^</span>)") != std::string::npos);
  CHECK(html.find("<dt>task</dt>") == std::string::npos);  // nothing was checked: no summary

  // Invalid UTF-8 in the offending line reaches the page as U+FFFD.
  const std::string bad_bytes = render_json("{\"task\": \"caf\xE9 <i>\"}");
  CHECK(bad_bytes.find("\xE9 ") == std::string::npos);
  CHECK(bad_bytes.find("caf<mark>\xEF\xBF\xBD</mark> &lt;i&gt;") != std::string::npos);
}

TEST_CASE("html: loss curves, confusions, per-class accuracy and samples from the project's files", "[html]") {
  TempProject project;
  const dlcheck::FileReport file = check_project(project);
  REQUIRE(file.artifacts);
  const std::string html = render({file}, dlcheck::Profile::record);
  check_self_contained(html);

  // One line chart per curve, each with its best point marked and min/max axis labels.
  CHECK(occurrences(html, R"(<polyline class="curve")") == 2);
  CHECK(occurrences(html, R"(<circle class="best")") == 2);
  CHECK(html.find("<code>loss</code> <span class=\"muted\">training loss</span>") != std::string::npos);
  CHECK(html.find("<code>val_loss</code> <span class=\"muted\">validation loss</span>") != std::string::npos);
  CHECK(html.find(">best 0.25</text>") != std::string::npos);
  CHECK(html.find(">best 0.58</text>") != std::string::npos);
  CHECK(html.find(">1.2</text>") != std::string::npos);  // the training loss's maximum
  CHECK(html.find(">5</text>") != std::string::npos);    // the last epoch
  CHECK(html.find("first 0.9 (epoch 0) · best 0.58 (epoch 3) · last 0.66 (epoch 5)") != std::string::npos);

  // The confused pairs as bars with their labels and counts; a hostile class label stays text.
  CHECK(html.find(">cat → dog</text>") != std::string::npos);
  CHECK(html.find(">dog → cat</text>") != std::string::npos);
  CHECK(html.find(">bird → &lt;svg onload=alert(5)&gt;</text>") != std::string::npos);
  CHECK(html.find("<title>cat → dog: 3</title>") != std::string::npos);
  CHECK(html.find("<svg onload") == std::string::npos);
  CHECK(occurrences(html, R"(<g class="bar">)") == 3 + 3);  // 3 confused pairs, 3 classes
  CHECK(html.find("Per-class accuracy") != std::string::npos);
  CHECK(html.find(">0.7 (10)</text>") != std::string::npos);
  CHECK(html.find(">overall 0.8</text>") != std::string::npos);

  // The samples as tables, inputs first.
  CHECK(html.find("<h4 class=\"samples-title\">Success samples <span class=\"muted\">(1)</span></h4>") !=
        std::string::npos);
  CHECK(html.find("<h4 class=\"samples-title\">Failure cases <span class=\"muted\">(3)</span></h4>") !=
        std::string::npos);
  for (const char* input : {"<td>img0</td>", "<td>img7</td>", "<td>img18</td>", "<td>img29</td>"}) {
    CHECK(html.find(input) != std::string::npos);
  }
  CHECK(html.find("<td>&lt;script&gt;alert(1)&lt;/script&gt; dark photo</td>") != std::string::npos);
}

TEST_CASE("html: samples come from the report alone, escaped, with a mismatch marked", "[html]") {
  dlcheck::FileReport file = dlcheck::testing::check(R"({"task": "t"})", dlcheck::Profile::record);
  REQUIRE(file.success_samples.empty());
  dlcheck::SampleRow mismatch;
  mismatch.input = "<img>";
  mismatch.label = "cat";
  mismatch.prediction = "dog";
  mismatch.prediction_differs = true;
  dlcheck::SampleRow whole;
  whole.is_object = false;
  whole.whole = "[1,2]";
  file.failure_cases = {mismatch, whole};
  const std::string html = render({file}, dlcheck::Profile::record);
  CHECK(html.find("<h3>Samples</h3>\n<h4 class=\"samples-title\">Failure cases <span class=\"muted\">(2)</span></h4>\n"
                  "<div class=\"table-wrap\"><table class=\"samples\">\n"
                  "<colgroup><col class=\"input\"><col class=\"label\"><col class=\"label\"><col "
                  "class=\"note\"></colgroup>\n"
                  "<thead><tr><th>input</th><th>label</th><th>prediction</th><th>note</th></tr></thead>\n<tbody>\n"
                  "<tr><td>&lt;img&gt;</td><td>cat</td><td class=\"mismatch\">dog</td><td><span "
                  "class=\"none\">—</span></td></tr>\n"
                  "<tr><td colspan=\"4\">[1,2]</td></tr>\n"
                  "</tbody>\n</table></div>\n</section>\n") != std::string::npos);
  CHECK(html.find("Success samples") == std::string::npos);
}

TEST_CASE("html: a finding inside a named file points there and names the field", "[html]") {
  TempProject project;
  project.write("predictions.csv", "id,label,prediction\na,x,x\nb,x,y\n");
  const auto path = project.write(
      "evidence.json",
      R"({"task": "t", "baseline_accuracy": 0.4, "current_accuracy": 0.9, "failure_case_count": 1, "next_step": "x", "predictions": "predictions.csv"})");
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  const std::string html = render({dlcheck::check_file(path.string(), options)}, dlcheck::Profile::record);
  const auto finding = html.find("[predictions-metric]");
  REQUIRE(finding != std::string::npos);
  const auto where = html.rfind("<code>", finding);
  CHECK(html.substr(where, finding - where).find("predictions.csv</code>") != std::string::npos);
  CHECK(html.find("<p class=\"named\">named by <code>" + path.string() + ":1:") != std::string::npos);
  CHECK(html.find("<code>/current_accuracy</code>") != std::string::npos);
}

TEST_CASE("html: several files get an index and the worst verdict", "[html]") {
  const std::string html = render({dlcheck::testing::check(kRoadmapRecord, dlcheck::Profile::record),
                                   dlcheck::testing::check("[1, 2]", dlcheck::Profile::record)},
                                  dlcheck::Profile::record);
  check_self_contained(html);
  CHECK(html.find("2 files checked: 1 passed, 0 failed, 1 could not be read") != std::string::npos);
  CHECK(html.find("overall: error") != std::string::npos);
  CHECK(html.find(R"(<a href="#file-1">)") != std::string::npos);
  CHECK(html.find(R"(<a href="#file-2">)") != std::string::npos);
  CHECK(html.find(R"(<section class="card" id="file-1">)") != std::string::npos);
  CHECK(html.find(R"(<section class="card error-file" id="file-2">)") != std::string::npos);
  CHECK(html.find("the top level must be an object of evidence fields") != std::string::npos);
  // Each row says the task, improvement, failed rules and why, without scrolling to the file.
  CHECK(html.find(R"(<td class="num">6/6</td><td class="task">image classification</td><td class="num">+0.11</td>)"
                  R"(<td class="rules"></td><td class="why"></td>)") != std::string::npos);
  CHECK(html.find(R"(<td class="num">0/6</td><td class="task"></td><td class="num">n/a</td>)"
                  R"(<td class="rules"><code>invalid-json</code></td>)"
                  R"(<td class="why">the top level must be an object of evidence fields, not an array</td>)") !=
        std::string::npos);
}

TEST_CASE("html: the index says why a file failed, shortened, with its failed rules errors first", "[html]") {
  dlcheck::FileReport shortened = dlcheck::testing::check(kRoadmapRecord, dlcheck::Profile::record);
  shortened.verdict = dlcheck::Verdict::fail;
  shortened.checklist[3].status = dlcheck::ItemStatus::failed;  // improvement
  dlcheck::Finding finding;
  finding.rule = "improvement";
  finding.message = "<b>" + std::string(200, 'x');
  shortened.findings.push_back(finding);
  const std::string html = render({dlcheck::testing::check(kRoadmapRecord, dlcheck::Profile::roadmap), shortened},
                                  dlcheck::Profile::roadmap);
  CHECK(
      html.find(R"(<td class="rules"><code>run-command</code> <code>dataset-note</code> <code>baseline-method</code> )"
                R"(<code>model-summary</code> <code>training-log</code> <code>metric-table</code> +5</td>)"
                R"(<td class="why">the record has no run command (run_command)</td>)") != std::string::npos);
  // 120 characters, cut before escaping.
  CHECK(html.find(R"(<td class="rules"><code>improvement</code></td><td class="why">&lt;b&gt;)" +
                  std::string(117, 'x') + "…</td>") != std::string::npos);
}

TEST_CASE("html: an excerpt kept from a named file is shown escaped, no finding is dropped", "[html]") {
  dlcheck::FileReport file = dlcheck::testing::check(kRoadmapRecord, dlcheck::Profile::record);
  dlcheck::Finding finding;
  finding.rule = "log-non-finite";
  finding.message = "loss is NaN";
  finding.pointer = "/training_log";
  finding.artifact = dlcheck::ArtifactLocation{"logs/train.csv", 7, 3, "3,<nan>,0.5"};
  file.findings.push_back(finding);
  dlcheck::list_other_rules(file);
  const std::string html = render({file}, dlcheck::Profile::record);
  CHECK(html.find("<code>logs/train.csv:7:3</code>") != std::string::npos);
  CHECK(html.find(R"(<span class="gutter">7 | </span>3,<mark>&lt;</mark>nan&gt;,0.5)") != std::string::npos);
  // log-non-finite is not in this record's checklist: it is shown after it rather than lost.
  const auto heading = html.find("<h4>Consistency</h4>");
  const auto item = html.find("<code class=\"rule\">log-non-finite</code>");
  CHECK(heading != std::string::npos);
  CHECK(item != std::string::npos);
  CHECK(heading < item);
}

#include "record/templates.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/text_match.hpp"

namespace dlcheck {

std::string_view evidence_template() {
  return R"({
  "task": "<fill in: what the model does, e.g. image classification>",
  "run_command": "<fill in: the exact command that reproduces the result>",
  "dataset": {
    "name": "<fill in: data set name>",
    "source": "<fill in: where the data came from (URL, library call)>",
    "split": {"train": "<fill in: count>", "val": "<fill in: count>", "test": "<fill in: count>"},
    "split_method": "<fill in: how the split was made (official, stratified, grouped, seed)>"
  },
  "metric": {"name": "<fill in: e.g. accuracy>", "split": "test"},
  "baseline": {"method": "<fill in: the simple method you beat>", "value": "<fill in: its score>"},
  "current": {"method": "<fill in: your model>", "value": "<fill in: its score>"},
  "model_summary": "<fill in: architecture and parameter count, or a file such as model_summary.txt>",
  "training_log": "<fill in: path of the exported log, e.g. logs/train_log.csv>",
  "predictions": "<fill in: path of the predictions file, e.g. predictions.csv>",
  "metric_table": [
    {"model": "<fill in: baseline method>", "<fill in: metric name>": "<fill in: baseline score>"},
    {"model": "<fill in: your model>", "<fill in: metric name>": "<fill in: current score>"}
  ],
  "success_samples": [
    {"input": "<fill in: id or text>", "label": "<fill in>", "prediction": "<fill in>", "note": "<fill in: why it looks right>"}
  ],
  "failure_cases": [
    {"input": "<fill in: id or text>", "label": "<fill in>", "prediction": "<fill in>", "note": "<fill in: what went wrong>"},
    {"input": "<fill in: id or text>", "label": "<fill in>", "prediction": "<fill in>", "note": "<fill in: what went wrong>"},
    {"input": "<fill in: id or text>", "label": "<fill in>", "prediction": "<fill in>", "note": "<fill in: what went wrong>"}
  ],
  "failure_case_count": "<fill in: number of wrong predictions>",
  "next_step": {"change": "<fill in: one change>", "reason": "<fill in: which failures justify it>"},
  "shape_checks": [
    {"tensor": "<fill in: e.g. logits>", "expected": ["batch", "<fill in>"], "actual": ["<fill in>", "<fill in>"]}
  ],
  "self_check": {
    "failure_mode": "<fill in: shape mismatch, no loss decrease, overfitting, data leakage, or attention without data flow>",
    "evidence": "<fill in: what you looked at>"
  }
}
)";
}

namespace {

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// TODO, TBD, FIXME or XXX standing as a word of their own.
bool has_marker_word(std::string_view text) {
  for (const std::string_view marker : {"TODO", "TBD", "FIXME", "XXX"}) {
    for (std::size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, at + 1)) {
      const bool starts_word = at == 0 || !is_letter(text[at - 1]);
      const std::size_t end = at + marker.size();
      if (starts_word && (end == text.size() || !is_letter(text[end]))) return true;
    }
  }
  return false;
}

// The whole value is a prompt: "<…>", "...", "…" or "???".
bool is_prompt(std::string_view text) {
  text = trim(text);
  if (text == "..." || text == "\xE2\x80\xA6" || text == "???") return true;
  return text.size() >= 2 && text.front() == '<' && text.back() == '>' &&
         text.substr(1, text.size() - 2).find_first_of("<>") == std::string_view::npos;
}

bool has_fill_in(std::string_view text) {
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    std::string_view rest = trim(text.substr(at + 1));
    if (rest.size() < 4 || ascii_lower(rest.substr(0, 4)) != "fill") continue;
    rest.remove_prefix(4);
    if (!rest.empty() && (rest.front() == ' ' || rest.front() == '_' || rest.front() == '-')) rest.remove_prefix(1);
    if (rest.size() >= 2 && ascii_lower(rest.substr(0, 2)) == "in" && (rest.size() == 2 || !is_letter(rest[2])))
      return true;
  }
  return false;
}

// The next byte from `pos` that may start a placeholder: '<', 'T', 'F', 'X', '.', '?' or the
// lead byte of '…'. Sixteen bytes at a time where SSE2 is there (always on x86-64).
std::size_t next_marker_byte(std::string_view text, std::size_t pos) {
  static constexpr std::array<char, 7> kBytes = {'<', 'T', 'F', 'X', '.', '?', '\xE2'};
#if defined(__SSE2__)
  for (; pos + 16 <= text.size(); pos += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    __m128i hit = _mm_setzero_si128();
    for (const char byte : kBytes) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0) {
      return pos + static_cast<std::size_t>(std::countr_zero(mask));
    }
  }
#endif
  static constexpr std::array<bool, 256> kIsMarker = [] {
    std::array<bool, 256> table{};
    for (const char byte : kBytes) table[static_cast<unsigned char>(byte)] = true;
    return table;
  }();
  for (; pos < text.size(); ++pos) {
    if (kIsMarker[static_cast<unsigned char>(text[pos])]) return pos;
  }
  return text.size();
}

}  // namespace

bool is_placeholder(std::string_view text) {
  // Plain scans rather than std::regex: this runs on every string of every record. Every
  // placeholder holds '<' or one of these byte pairs (TODO, TBD, FIXME, XXX, ..., …, ???),
  // and most strings hold none, so one pass over them settles most strings.
  bool candidate = false;
  for (std::size_t i = next_marker_byte(text, 0); i < text.size() && !candidate; i = next_marker_byte(text, i + 1)) {
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    switch (text[i]) {
      case '<':
        candidate = true;
        break;
      case 'T':
        candidate = next == 'O' || next == 'B';
        break;
      case 'F':
        candidate = next == 'I';
        break;
      case 'X':
        candidate = next == 'X';
        break;
      case '\xE2':
        candidate = next == '\x80';
        break;
      default:
        candidate = next == text[i];
        break;  // "..", "??"
    }
  }
  return candidate && (has_marker_word(text) || is_prompt(text) || has_fill_in(text));
}

std::string_view evidence_schema() {
  return R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://dlcheck.invalid/schema/evidence-1.json",
  "title": "dlcheck evidence record, version 1",
  "description": "A deep-learning project's evidence record (docs/evidence-format.md). Unknown fields are allowed.",
  "type": "object",
  "$defs": {
    "text": {"type": "string", "minLength": 1},
    "count": {"type": "integer", "minimum": 0},
    "score": {
      "type": "object",
      "properties": {"method": {"$ref": "#/$defs/text"}, "value": {"type": "number"}}
    },
    "sample": {
      "type": "object",
      "properties": {
        "input": {"type": ["string", "number"]},
        "label": {},
        "prediction": {},
        "note": {"type": "string"}
      },
      "required": ["input"]
    }
  },
  "properties": {
    "$schema": {"type": "string"},
    "task": {"$ref": "#/$defs/text"},
    "run_command": {"$ref": "#/$defs/text"},
    "dataset": {
      "type": "object",
      "properties": {
        "name": {"type": "string"},
        "source": {"$ref": "#/$defs/text"},
        "split": {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": "#/$defs/count"}},
        "split_method": {"type": "string"},
        "ids": {"type": "object", "additionalProperties": {"type": "string"}}
      }
    },
    "metric": {
      "type": "object",
      "properties": {
        "name": {"$ref": "#/$defs/text"},
        "split": {"type": "string"},
        "higher_is_better": {"type": "boolean"},
        "unit": {"type": "string"}
      }
    },
    "baseline": {"$ref": "#/$defs/score"},
    "current": {"$ref": "#/$defs/score"},
    "model_summary": {"$ref": "#/$defs/text"},
    "training_log": {"$ref": "#/$defs/text"},
    "predictions": {
      "oneOf": [
        {"$ref": "#/$defs/text"},
        {
          "type": "object",
          "properties": {
            "path": {"$ref": "#/$defs/text"},
            "id": {"type": "string"},
            "label": {"type": "string"},
            "prediction": {"type": "string"}
          },
          "required": ["path"]
        }
      ]
    },
    "readme": {"$ref": "#/$defs/text"},
    "metric_table": {
      "type": "array",
      "items": {"type": "object", "properties": {"model": {"$ref": "#/$defs/text"}}, "required": ["model"]}
    },
    "success_samples": {"type": "array", "items": {"$ref": "#/$defs/sample"}},
    "failure_cases": {"type": "array", "items": {"$ref": "#/$defs/sample"}},
    "failure_case_count": {"$ref": "#/$defs/count"},
    "next_step": {
      "oneOf": [
        {"$ref": "#/$defs/text"},
        {
          "type": "object",
          "properties": {"change": {"$ref": "#/$defs/text"}, "reason": {"$ref": "#/$defs/text"}},
          "required": ["change"]
        }
      ]
    },
    "shape_checks": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "tensor": {"$ref": "#/$defs/text"},
          "expected": {"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/count"}, {"$ref": "#/$defs/text"}]}},
          "actual": {"type": "array", "items": {"$ref": "#/$defs/count"}}
        },
        "required": ["tensor", "expected", "actual"]
      }
    },
    "self_check": {
      "type": "object",
      "properties": {"failure_mode": {"$ref": "#/$defs/text"}, "evidence": {"$ref": "#/$defs/text"}}
    }
  },
  "patternProperties": {
    "^(baseline|current)_.+$": {"type": "number"}
  }
}
)";
}

}  // namespace dlcheck

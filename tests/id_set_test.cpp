// Tests for IdList and IdSet: ids stored back to back, looked up by text or by number.

#include "artifacts/id_set.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

using namespace dlcheck;

namespace {

/// A list of ids on lines 1, 2, 3, …
IdList list_of(std::initializer_list<std::string_view> ids) {
  IdList list;
  for (const std::string_view id : ids) list.add(id, list.size() + 1);
  return list;
}

constexpr std::size_t npos = IdSet::npos;

}  // namespace

TEST_CASE("id set: a list keeps ids and lines in file order", "[id_set]") {
  IdList list;
  list.add("img_1", 2);
  list.add("", 3);
  list.add("katze 猫", 7);
  REQUIRE(list.size() == 3);
  CHECK(list.id(0) == "img_1");
  CHECK(list.id(1).empty());
  CHECK(list.id(2) == "katze 猫");
  CHECK(list.line(0) == 2);
  CHECK(list.line(2) == 7);
  const IdList moved = std::move(list);  // a short list's text moves too
  CHECK(moved.id(2) == "katze 猫");
}

TEST_CASE("id set: integers keep their text apart: 1, 01 and 001 are three ids", "[id_set]") {
  const IdList list = list_of({"1", "01", "001", "10", "1"});
  const IdSet set(list);
  CHECK(set.numbered());
  CHECK(set.size() == 4);
  CHECK(set.find("1") == 0);  // the first of its two lines
  CHECK(set.find("01") == 1);
  CHECK(set.find("001") == 2);
  CHECK(set.find("10") == 3);
  CHECK(set.find("0001") == npos);
  CHECK(set.find("010") == npos);
  CHECK(set.find("2") == npos);
  CHECK(set.find("1 ") == npos);
  CHECK(set.find("+1") == npos);
  CHECK(set.find("") == npos);
}

TEST_CASE("id set: a shared prefix and number: img_1 and img_01 are two ids", "[id_set]") {
  const IdList list = list_of({"img_00000001", "img_00000002", "img_1", "img_01", "img_00000002"});
  const IdSet set(list);
  CHECK(set.numbered());
  CHECK(set.size() == 4);
  CHECK(set.find("img_00000002") == 1);
  CHECK(set.find("img_1") == 2);
  CHECK(set.find("img_01") == 3);
  CHECK(set.find("img_001") == npos);
  CHECK(set.find("img_2") == npos);
  CHECK(set.find("IMG_00000001") == npos);
  CHECK(set.find("img-00000001") == npos);
  CHECK(set.find("img_0000000a") == npos);
  CHECK(set.find("img_") == npos);
  CHECK(set.find("xmg_00000001") == npos);
}

TEST_CASE("id set: a prefix and suffix around the number, of any length", "[id_set]") {
  const IdList list = list_of({"flower_photos/00001.jpg", "flower_photos/00002.jpg", "flower_photos/7.jpg"});
  const IdSet set(list);
  CHECK(set.numbered());
  CHECK(set.find("flower_photos/00002.jpg") == 1);
  CHECK(set.find("flower_photos/7.jpg") == 2);
  CHECK(set.find("flower_photos/07.jpg") == npos);
  CHECK(set.find("flower_photos/00001.png") == npos);
  CHECK(set.find("flower_photos/00001.jpeg") == npos);
  CHECK(set.find("flower_photo/00001.jpg") == npos);
  CHECK(set.find("flower_photos/.jpg") == npos);

  const IdList short_ids = list_of({"a1", "a01", "a1b"});  // under eight bytes: compared byte by byte
  const IdSet mixed(short_ids);
  CHECK_FALSE(mixed.numbered());  // "a1b" has another suffix
  CHECK(mixed.find("a1") == 0);
  CHECK(mixed.find("a01") == 1);
  CHECK(mixed.find("a1b") == 2);
  CHECK(mixed.find("a001") == npos);
}

TEST_CASE("id set: numbers of up to 19 digits are keys, longer ones text", "[id_set]") {
  const IdList list = list_of({"9999999999999999999", "0999999999999999999", "1000000000000000000", "123456789"});
  const IdSet set(list);
  CHECK(set.numbered());
  CHECK(set.size() == 4);
  CHECK(set.find("0999999999999999999") == 1);
  CHECK(set.find("999999999999999999") == npos);
  CHECK(set.find("123456789") == 3);
  CHECK(set.find("0123456789") == npos);
  CHECK(set.find("99999999999999999999") == npos);  // 20 digits

  const IdList long_ids = list_of({"12345678901234567890", "12345678901234567891"});
  const IdSet text(long_ids);
  CHECK_FALSE(text.numbered());
  CHECK(text.find("12345678901234567891") == 1);
  CHECK(text.find("2345678901234567891") == npos);
}

TEST_CASE("id set: scattered numbers are hashed, consecutive ones indexed, both exact", "[id_set]") {
  const IdList scattered = list_of({"u7", "u1000000", "u123456789", "u7"});
  const IdSet sparse(scattered);
  CHECK(sparse.numbered());
  CHECK(sparse.size() == 3);
  CHECK(sparse.find("u7") == 0);
  CHECK(sparse.find("u123456789") == 2);
  CHECK(sparse.find("u8") == npos);
  CHECK(sparse.find("u0") == npos);

  IdList consecutive;
  for (int i = 1; i <= 5000; ++i) consecutive.add("s" + std::to_string(i), static_cast<std::size_t>(i));
  const IdSet dense(consecutive);
  CHECK(dense.numbered());
  CHECK(dense.size() == 5000);
  CHECK(dense.find("s1") == 0);
  CHECK(dense.find("s5000") == 4999);
  CHECK(dense.find("s0") == npos);
  CHECK(dense.find("s5001") == npos);
  CHECK(dense.find("s01") == npos);

  IdList padded;  // eight bytes and more: compared a word at a time
  for (int i = 1; i <= 3000; ++i) padded.add(fmt::format("img_{:08}", i), static_cast<std::size_t>(i));
  const IdSet words(padded);
  CHECK(words.numbered());
  CHECK(words.find("img_00000001") == 0);
  CHECK(words.find("img_00003000") == 2999);
  CHECK(words.find("img_00003001") == npos);
  CHECK(words.find("img_0000001") == npos);
  CHECK(words.find("img_000000001") == npos);
  CHECK(words.find("img_0000000!") == npos);
  CHECK(words.find("imh_00000001") == npos);
}

TEST_CASE("id set: ids with spaces, tabs or any UTF-8 are compared as text", "[id_set]") {
  const IdList list = list_of({"a b", "katze 猫", "a\tb", "Ä", "a b"});
  const IdSet set(list);
  CHECK_FALSE(set.numbered());
  CHECK(set.size() == 4);
  CHECK(set.find("a b") == 0);
  CHECK(set.find("a\tb") == 2);
  CHECK(set.find("katze 猫") == 1);
  CHECK(set.find("Ä") == 3);
  CHECK(set.find("a  b") == npos);
  CHECK(set.find("A\xCC\x88") == npos);  // Ä decomposed is other bytes
  CHECK(set.find("katze") == npos);

  const IdList numbered_utf8 = list_of({"猫_01", "猫_02"});
  const IdSet cats(numbered_utf8);
  CHECK(cats.numbered());
  CHECK(cats.find("猫_02") == 1);
  CHECK(cats.find("猫_2") == npos);
  CHECK(cats.find("犬_02") == npos);
}

TEST_CASE("id set: an id off the first one's pattern falls back to text", "[id_set]") {
  const IdList list = list_of({"img_1", "img_2", "img_2", "cat"});
  const IdSet set(list);
  CHECK_FALSE(set.numbered());
  CHECK(set.size() == 3);
  CHECK(set.find("img_2") == 1);
  CHECK(set.find("cat") == 3);
  CHECK(set.find("img_02") == npos);

  IdList many;  // enough to collide in the table's slots
  for (int i = 0; i < 3000; ++i) {
    const int n = i * 7919 % 3001;
    many.add(fmt::format("id-{}-{}", n, n % 2 == 0 ? "even" : "odd"), static_cast<std::size_t>(i));
  }
  const IdSet hashed(many);
  CHECK_FALSE(hashed.numbered());
  CHECK(hashed.size() == 3000);
  for (std::size_t i = 0; i < many.size(); ++i) REQUIRE(hashed.find(many.id(i)) == i);
  CHECK(hashed.find("id-1084-even") == npos);
  CHECK(hashed.find("id-1-even") == npos);  // the one residue 7919 * i mod 3001 misses for i < 3000
}

TEST_CASE("id set: an empty list has no ids", "[id_set]") {
  const IdList list;
  const IdSet set(list);
  CHECK(set.empty());
  CHECK(set.size() == 0);
  CHECK_FALSE(set.contains(""));
  CHECK_FALSE(set.contains("1"));
}

TEST_CASE("id set: finds what a map of strings finds, on lists of near-identical ids", "[id_set]") {
  // Ids that differ by a zero, a digit count, a prefix or a suffix, in random lists: every set,
  // numbered or not, dense or hashed, must answer every id of the pool as a map would.
  std::vector<std::string> pool;
  for (const char* prefix : {"", "img_", "flower_photos/", "a"}) {
    for (const char* digits : {"0", "1", "01", "001", "9", "10", "0000000001", "12345678", "123456789", "99999999"}) {
      for (const char* suffix : {"", ".jpg"}) pool.push_back(std::string(prefix) + digits + suffix);
    }
  }
  pool.push_back("x");
  std::uint64_t state = 12345;
  const auto next = [&state](std::size_t below) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>((state >> 33) % below);
  };
  int numbered = 0;
  for (int round = 0; round < 500; ++round) {
    // Half the lists draw from one prefix and suffix only (pool[(prefix * 10 + digits) * 2 + suffix]),
    // so that they are numbered.
    const std::size_t family = next(8), size = 1 + next(30);
    IdList list;
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < size; ++i) {
      const std::string& id =
          round % 2 == 0 ? pool[(family / 2 * 10 + next(10)) * 2 + family % 2] : pool[next(pool.size())];
      list.add(id, i + 1);
      first.try_emplace(id, i);
    }
    const IdSet set(list);
    numbered += set.numbered() ? 1 : 0;
    REQUIRE(set.size() == first.size());
    for (const std::string& id : pool) {
      const auto it = first.find(id);
      INFO("round " << round << ", id " << id);
      REQUIRE(set.find(id) == (it == first.end() ? npos : it->second));
    }
  }
  CHECK(numbered >= 250);  // the families, and the lists of one id
}

// What an uploaded logo or favicon is, from its bytes (brand/image_check.h); the same inputs are
// in the fuzz corpus (tests/fuzz/corpus/image/).

#include "brand/image_check.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "support/images.h"

using resellermgr::brand::InspectImage;
using resellermgr::testing::kIco;
using resellermgr::testing::kPng;

namespace {

// The head of a baseline JPEG: SOI, APP0 (JFIF), SOF0 of 3x2 pixels.
const std::string kJpeg =
    std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20) +
    std::string("\xff\xc0\x00\x11\x08\x00\x02\x00\x03\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01",
                19) +
    std::string("\xff\xd9", 2);
}  // namespace

BOOST_AUTO_TEST_SUITE(image_check)

BOOST_AUTO_TEST_CASE(real_images_are_taken_with_their_sides) {
  const auto png = InspectImage(kPng, false);
  BOOST_REQUIRE(png);
  BOOST_TEST(std::string(png->type) == "image/png");
  BOOST_TEST(png->width == 2u);
  const auto jpeg = InspectImage(kJpeg, false);
  BOOST_REQUIRE(jpeg);
  BOOST_TEST(std::string(jpeg->type) == "image/jpeg");
  BOOST_TEST(jpeg->width == 3u);
  BOOST_TEST(jpeg->height == 2u);
  const auto ico = InspectImage(kIco, true);
  BOOST_REQUIRE(ico);
  BOOST_TEST(std::string(ico->extension) == ".ico");
  BOOST_TEST(!InspectImage(kIco, false));  // an ICO is a favicon, not a logo
}

BOOST_AUTO_TEST_CASE(a_header_in_front_of_something_else_is_refused) {
  BOOST_TEST(!InspectImage(kPng.substr(0, 33) + "<html><script>alert(1)</script>", false));
  BOOST_TEST(!InspectImage(kPng.substr(0, kPng.size() - 12), false));  // cut short
  BOOST_TEST(!InspectImage(std::string("\xff\xd8\xff\xe0<svg onload=alert(1)>", 23), false));
  BOOST_TEST(!InspectImage(kIco.substr(0, 30), true));  // its image lies past the end
  BOOST_TEST(!InspectImage("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", true));
  BOOST_TEST(!InspectImage("", true));
}

BOOST_AUTO_TEST_CASE(sides_beyond_the_bound_are_refused_before_decoding) {
  std::string huge = kPng;
  huge.replace(16, 8, std::string("\0\1\0\0\0\1\0\0", 8));  // 65536 x 65536
  BOOST_TEST(!InspectImage(huge, false));
  std::string wide = kJpeg;
  wide.replace(27, 2, "\x20\x01");  // 8193 pixels wide
  BOOST_TEST(!InspectImage(wide, false));
}

BOOST_AUTO_TEST_SUITE_END()

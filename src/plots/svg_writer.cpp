#include "metamc/plots/svg_writer.hpp"

#include <cmath>
#include <cstdio>

namespace metamc {

std::string svg_number(double x) {
  if (!std::isfinite(x)) return "0";  // never reached by a drawing's checked values
  const double rounded = std::round(x * 100) / 100;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", rounded == 0 ? 0.0 : rounded);
  std::string s = buffer;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string xml_escape(const std::string& text) {
  // XML 1.0 forbids the control characters but tab, newline and return, and U+FFFE and U+FFFF
  // (UTF-8 EF BF BE, EF BF BF): each becomes U+FFFD, the replacement character.
  const std::string replacement = "\xEF\xBF\xBD";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += replacement;
      continue;
    }
    if (u == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      out += replacement;
      i += 2;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string points_text(const std::vector<std::pair<double, double>>& points) {
  std::string s;
  for (const auto& [x, y] : points)
    s += (s.empty() ? "" : " ") + svg_number(x) + "," + svg_number(y);
  return s;
}

SvgAttributes joined(SvgAttributes first, const SvgAttributes& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

}  // namespace

SvgWriter::SvgWriter(double width, double height) : width_(width), height_(height) {}

void SvgWriter::element(const std::string& name, const SvgAttributes& attributes) {
  body_ << "<" << name;
  for (const auto& [key, value] : attributes)
    body_ << " " << key << "=\"" << xml_escape(value) << "\"";
  body_ << "/>\n";
}

void SvgWriter::text(double x, double y, const std::string& text, double size,
                     const std::string& anchor, const SvgAttributes& extra) {
  body_ << "<text x=\"" << svg_number(x) << "\" y=\"" << svg_number(y) << "\" font-size=\""
        << svg_number(size) << "\"";
  if (anchor != "start") body_ << " text-anchor=\"" << anchor << "\"";
  for (const auto& [key, value] : extra) body_ << " " << key << "=\"" << xml_escape(value) << "\"";
  body_ << ">" << xml_escape(text) << "</text>\n";
}

void SvgWriter::line(double x1, double y1, double x2, double y2, const SvgAttributes& extra) {
  element("line", joined({{"x1", svg_number(x1)},
                          {"y1", svg_number(y1)},
                          {"x2", svg_number(x2)},
                          {"y2", svg_number(y2)}},
                         extra));
}

void SvgWriter::rect(double x, double y, double width, double height, const SvgAttributes& extra) {
  element("rect", joined({{"x", svg_number(x)},
                          {"y", svg_number(y)},
                          {"width", svg_number(width)},
                          {"height", svg_number(height)}},
                         extra));
}

void SvgWriter::polygon(const std::vector<std::pair<double, double>>& points,
                        const SvgAttributes& extra) {
  element("polygon", joined({{"points", points_text(points)}}, extra));
}

void SvgWriter::polyline(const std::vector<std::pair<double, double>>& points,
                         const SvgAttributes& extra) {
  element("polyline", joined({{"points", points_text(points)}, {"fill", "none"}}, extra));
}

void SvgWriter::begin_group(const SvgAttributes& attributes) {
  body_ << "<g";
  for (const auto& [key, value] : attributes)
    body_ << " " << key << "=\"" << xml_escape(value) << "\"";
  body_ << ">\n";
}

void SvgWriter::end_group() {
  body_ << "</g>\n";
}

std::string SvgWriter::finish(double height) {
  height_ = height;
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << svg_number(width_)
      << "\" height=\"" << svg_number(height_) << "\" viewBox=\"0 0 " << svg_number(width_) << " "
      << svg_number(height_) << "\" font-family=\"" << kFont << "\">\n"
      << "<rect x=\"0\" y=\"0\" width=\"" << svg_number(width_) << "\" height=\""
      << svg_number(height_) << "\" fill=\"white\"/>\n"
      << body_.str() << "</svg>\n";
  return out.str();
}

}  // namespace metamc

// PNG through libpng's simplified API; JPEG through libjpeg with an error manager that
// longjmps back instead of calling exit(), so a corrupt file becomes an input_error.
#include "image_decode.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"

#include <png.h>
// jpeglib.h needs size_t and FILE declared first.
#include <cstddef>
#include <cstdio>
#include <jpeglib.h>

#include <algorithm>
#include <csetjmp>

namespace pimscope::sw::detail {
namespace {

// The most pixels one image may have (a 100-megapixel photograph; ImageNet's largest are
// about 20): checked from the header, before the decoder allocates the image.
constexpr uint64_t max_pixels = 100'000'000;

std::string too_large(uint64_t w, uint64_t h) {
    return "the image is " + std::to_string(w) + " x " + std::to_string(h) + " pixels, more than the " +
           std::to_string(max_pixels / 1'000'000) + " megapixels an image may have";
}

// Even an uncompressed image of max_pixels (3 bytes each) fits in this.
constexpr std::uint64_t max_image_file_bytes = std::uint64_t(512) << 20;

std::vector<uint8_t> read_file(const std::string& path) {
    const std::string bytes = read_input_file(path, max_image_file_bytes, "cannot open the image");
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

rgb8_image decode_png(const std::string& path, const std::vector<uint8_t>& bytes) {
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, bytes.data(), bytes.size()))
        throw input_error(path, "", std::string("cannot decode the PNG image: ") + img.message);
    if (uint64_t(img.width) * img.height > max_pixels) {
        png_image_free(&img);
        throw input_error(path, "", too_large(img.width, img.height));
    }
    img.format = PNG_FORMAT_RGB;
    rgb8_image out;
    out.width = int(img.width);
    out.height = int(img.height);
    out.rgb.resize(PNG_IMAGE_SIZE(img));
    if (!png_image_finish_read(&img, nullptr, out.rgb.data(), 0, nullptr)) {
        const std::string msg = img.message;
        png_image_free(&img);
        throw input_error(path, "", "cannot decode the PNG image: " + msg);
    }
    return out;
}

struct jpeg_error_jump {
    jpeg_error_mgr mgr;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void on_jpeg_error(j_common_ptr cinfo) {
    auto* e = reinterpret_cast<jpeg_error_jump*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, e->message);
    std::longjmp(e->jump, 1);
}

// libjpeg only warns about corrupt data (a truncated file decodes with grey padding):
// an accuracy run must not score a half-invented image, so a warning fails like an error.
void on_jpeg_message(j_common_ptr cinfo, int level) {
    if (level < 0) on_jpeg_error(cinfo);
}

// Plain C state only between setjmp and longjmp: no C++ objects with destructors live in
// this frame's jump region (the output buffer is owned by the caller).
bool decode_jpeg_raw(const std::vector<uint8_t>& bytes, rgb8_image& out, char* message) {
    jpeg_decompress_struct cinfo;
    jpeg_error_jump err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = on_jpeg_error;
    err.mgr.emit_message = on_jpeg_message;
    err.message[0] = 0;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        std::snprintf(message, JMSG_LENGTH_MAX, "%s", err.message);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, bytes.data(), (unsigned long)bytes.size());
    jpeg_read_header(&cinfo, TRUE);
    if (uint64_t(cinfo.image_width) * cinfo.image_height > max_pixels) {
        std::snprintf(message, JMSG_LENGTH_MAX, "%s", too_large(cinfo.image_width, cinfo.image_height).c_str());
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    cinfo.out_color_space = JCS_RGB;   // grayscale and YCbCr files both come out as RGB
    jpeg_start_decompress(&cinfo);
    out.width = int(cinfo.output_width);
    out.height = int(cinfo.output_height);
    out.rgb.resize(std::size_t(out.width) * out.height * 3);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out.rgb.data() + std::size_t(cinfo.output_scanline) * out.width * 3;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return true;
}

} // namespace

rgb8_image decode_image(const std::string& path) {
    const std::vector<uint8_t> bytes = read_file(path);
    static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (bytes.size() >= 8 && std::equal(png_sig, png_sig + 8, bytes.begin())) return decode_png(path, bytes);
    if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
        rgb8_image out;
        char message[JMSG_LENGTH_MAX];
        if (!decode_jpeg_raw(bytes, out, message))
            throw input_error(path, "", std::string("cannot decode the JPEG image: ") + message);
        return out;
    }
    throw input_error(path, "", "not a PNG or JPEG image (unrecognised signature)");
}

} // namespace pimscope::sw::detail

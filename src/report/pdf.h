// PDF from a report's HTML, printed by headless Chromium (Debian's
// `chromium`, `--print-to-pdf`): the same engine that renders the web
// pages, so the PDF and the screen agree.
//
// The browser runs with networking and extensions off and a throw-away
// profile, reads only the local file, and is killed if it has not finished
// within the time limit. The PDF is written to a temporary file beside the
// destination and renamed into place, so a failure never leaves half a file.
//
// Thread safety: starts a process; safe to call from several threads with
// different destinations.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace bc::report {

// The Chromium to use: $BETTERCARE_CHROMIUM, else the first of chromium,
// chromium-browser, google-chrome on the PATH. NotFound (saying what to
// install) when there is none.
Result<std::string> find_chromium();

// Prints html_path to pdf_path on A4.
Status html_to_pdf(const std::string& html_path, const std::string& pdf_path,
                   int timeout_seconds = 120);

// The text of each page of a PDF, in order, as poppler's `pdftotext
// -layout` reads it (the board pack finds where its parts begin). NotFound
// when pdftotext is not installed (it says what to install).
Result<std::vector<std::string>> pdf_pages_text(const std::string& pdf_path,
                                                int timeout_seconds = 60);

// Writes text to path through a temporary file and a rename.
Status write_file_atomically(const std::string& path, const std::string& text);

}  // namespace bc::report

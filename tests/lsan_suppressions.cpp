// LeakSanitizer's suppressions for the sanitizer build of the metamc executable (linked into it
// only with METAMC_SANITIZE): the font and rendering libraries behind the plots keep
// process-wide caches (fontconfig's configuration and patterns, pango's font maps, cairo's and
// GLib's type systems) that they never free by design. Only allocations made inside these
// libraries are suppressed; metamc's own leaks are still reported.
extern "C" const char* __lsan_default_suppressions();

extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n"
         "leak:libpango-1.0.so\n"
         "leak:libpangoft2-1.0.so\n"
         "leak:libpangocairo-1.0.so\n"
         "leak:libcairo.so\n"
         "leak:librsvg-2.so\n"
         "leak:libglib-2.0.so\n"
         "leak:libgobject-2.0.so\n"
         "leak:libharfbuzz.so\n"
         "leak:libfreetype.so\n";
}

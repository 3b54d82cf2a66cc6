# cmake -DIN=web/sw.js -DOUT=dist/sw.js -DDIST=dist -P tools/stamp_sw.cmake
# Writes the service worker with the build's fingerprint (a hash of the files it caches),
# so each new build is a new service worker the open pages are offered to update to.
set(fingerprint "")
foreach(f index.html app.css page.js start.js worker.js crm_ui.js crm_ui.wasm crm_ui.data crm_db.js crm_db.wasm
    manifest.webmanifest seeds/demo-portfolio.json)
  if(EXISTS "${DIST}/${f}")
    file(SHA256 "${DIST}/${f}" h)
    string(APPEND fingerprint "${h}")
  endif()
endforeach()
string(SHA256 build "${fingerprint}")
string(SUBSTRING "${build}" 0 16 build)
file(READ "${IN}" text)
string(REPLACE "@CRM_BUILD@" "${build}" text "${text}")
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")

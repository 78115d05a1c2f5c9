# Packaging: the Debian package that turns a small PC or a Raspberry Pi into
# the Lantern kiosk (deploy/README.md). Included from the top CMakeLists.txt
# after the lantern and lanternctl targets. In a build folder:
#
#   cpack -G DEB        ->  lantern_<version>_<arch>.deb
#
# What goes where (prefix /usr):
#   /usr/bin/lantern, /usr/bin/lanternctl (the staff tool's small front)
#   /usr/lib/lantern/lanternctl-tools   the full staff tool lanternctl runs
#   /usr/share/lantern/assets           the kiosk's own look (theme.json): only
#                                       developers change it
#   /usr/share/lantern/content          the shipped content (the live content
#                                       is the symlink /var/lib/lantern/content,
#                                       made by postinst, pointing here)
#   /usr/lib/lantern/lantern-session    cage wrapper run by lantern.service
#   /usr/lib/lantern/lantern-display    night schedule (lantern-display.service)
#   /usr/lib/lantern/lantern-update     content bundle download (lantern-update.timer,
#                                       off until /etc/lantern/update.conf exists)
#   /usr/lib/lantern/lantern-outbox     sealed requests to a central PostgreSQL
#   /usr/lib/lantern/lantern-inbox      the staff inbox (HTTPS)
#   /etc/lantern/lantern.json           kiosk config        (conffile)
#   /etc/lantern/session.conf           rotation, outputs   (conffile)
#   /etc/pam.d/lantern                  the session's PAM   (conffile)
#   /lib/systemd/system/lantern*.{service,timer}
#   /usr/share/doc/lantern/             README.deploy.md, examples (udev rules)
# The maintainer scripts (deploy/debian) create the lantern, lantern-outbox
# and lantern-inbox users and /var/lib/lantern (3770), enable the kiosk's
# units (the outbox and inbox wait for their config), and remove all on purge.

set(LANTERN_DEPLOY_DIR ${CMAKE_CURRENT_LIST_DIR})

# The night schedule's helper (lantern-display.service).
add_executable(lantern-display ${LANTERN_DEPLOY_DIR}/display/lantern-display.c)
target_link_libraries(lantern-display PRIVATE lantern_core)

install(TARGETS lantern lanternctl RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/content/ DESTINATION share/lantern/content)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION share/lantern/assets)
install(PROGRAMS ${LANTERN_DEPLOY_DIR}/lantern-session DESTINATION lib/lantern)
install(PROGRAMS ${LANTERN_DEPLOY_DIR}/update/lantern-update DESTINATION lib/lantern)
install(TARGETS lantern-outbox lantern-inbox lanternctl-tools RUNTIME DESTINATION lib/lantern)
install(TARGETS lantern-display RUNTIME DESTINATION lib/lantern)
install(FILES ${LANTERN_DEPLOY_DIR}/lantern.json ${LANTERN_DEPLOY_DIR}/session.conf DESTINATION /etc/lantern)
install(FILES ${LANTERN_DEPLOY_DIR}/lantern.pam DESTINATION /etc/pam.d RENAME lantern)
install(FILES
  ${LANTERN_DEPLOY_DIR}/systemd/lantern.service
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-display.service
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-recover.service
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-recover.timer
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-retention.service
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-retention.timer
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-update.service
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-update.timer
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-outbox.service
  ${LANTERN_DEPLOY_DIR}/systemd/lantern-inbox.service
  DESTINATION /lib/systemd/system)
install(FILES ${LANTERN_DEPLOY_DIR}/README.md DESTINATION share/doc/lantern RENAME README.deploy.md)
install(FILES ${LANTERN_DEPLOY_DIR}/udev/99-lantern-touch.rules.example
  ${LANTERN_DEPLOY_DIR}/update/update.conf.example
  ${LANTERN_DEPLOY_DIR}/examples/outbox.conf.example ${LANTERN_DEPLOY_DIR}/examples/inbox.conf.example
  DESTINATION share/doc/lantern/examples)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lantern)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Lantern")
set(CPACK_PACKAGE_CONTACT "Lantern maintainers <lantern@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Locked-down touch kiosk for family education in a treatment center")
set(CPACK_PACKAGE_DESCRIPTION
  "Lantern runs full screen under the cage Wayland compositor on tty1 as an
unprivileged user, restarts itself after a crash or a hang (systemd watchdog),
and shows short modules for the families of people in treatment, in English
and Spanish, with crisis help always on screen. Includes lanternctl, the
staff tool (content checks, previews, contact-request export).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries (SDL2, SDL2_ttf, SDL2_image, cJSON, sqlite3,
# libsodium, libsystemd, libpq, libmicrohttpd, libc) come from dpkg-shlibdeps; the rest by hand:
# what is loaded at run time (SDL2_image and espeak-ng with dlopen, fonts, the read-aloud voices,
# GL drivers for SDL's Wayland renderer),
# the compositor (cage needs Xwayland to start) and the tools the
# maintainer scripts use.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libsdl2-image-2.0-0, libespeak-ng1, fonts-noto-core, fonts-material-design-icons-iconfont, espeak-ng-data, cage, xwayland, libegl1, libgles2, libegl-mesa0, libgl1-mesa-dri, adduser, systemd, init-system-helpers, libpam-systemd, curl")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openssl")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "grim, sqlite3, ddcutil, postgresql")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${LANTERN_DEPLOY_DIR}/debian/conffiles
  ${LANTERN_DEPLOY_DIR}/debian/postinst
  ${LANTERN_DEPLOY_DIR}/debian/prerm
  ${LANTERN_DEPLOY_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

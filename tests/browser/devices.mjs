// The two screens the browser tests run on (playwright.config.mjs's projects), and which tests run
// on one of them only. A resident's flow runs on both; a page only the city's staff use at their
// desks (an organiser's, the admin's, the registration desk's), and a test of a library rather than
// a page, runs on the desktop only (tag @desktop); the officers of a table are on phones of their
// own in either project, so their test runs once, on the phone (tag @phone). `make screenshots`
// runs the staff's tests on both, so each of their pages' pictures is taken at both sizes.
export const desktopScreen = { viewport: { width: 1280, height: 800 } };
// A cheap phone's 360x740 screen, with touch.
export const phoneScreen = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

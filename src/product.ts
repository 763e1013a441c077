/**
 * The project's own name, in one place: feeds name it as their generator and every outbound
 * request (WebSub pings, hub verification and delivery, later federation) in its User-Agent.
 */
export const PRODUCT_NAME = "Feedloom";

/** The User-Agent of every request this project sends. */
export const USER_AGENT = `${PRODUCT_NAME}/0.1 (+https://www.npmjs.com/search?q=feedloom)`;

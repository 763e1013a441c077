/**
 * The project's own name, in one place: feeds name it as their generator and outbound
 * requests (WebSub pings, hub deliveries) name it in their User-Agent.
 */
export const PRODUCT_NAME = "Feedloom";

/** The User-Agent of every request this project sends. */
export const USER_AGENT = `${PRODUCT_NAME}/0.1 (+https://www.npmjs.com/search?q=feedloom)`;

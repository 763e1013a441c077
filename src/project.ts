/** The project's name, in the one place every outbound request and later the rename read it from. */
export const PROJECT_NAME = "Feedsmith";

/** User-Agent of every request the server makes (verification, delivery, federation). */
export const USER_AGENT = `${PROJECT_NAME}/0.1 (+WebSub hub)`;

// What other packages may import from @preprint/notification (running it is dist/main.js).
export { api } from "./http/api";
export * from "./http/schemas";
export { startNotificationService, type NotificationService, type StartOptions } from "./service";
export { loadNotificationConfig, type Config } from "./config";

// The package's entry for tools (the OpenAPI snapshot): the declarations only, nothing starts.
export { api } from "./http/api";

// The gateway's merged API document (GET /v3/api-docs), relative so that it works behind a path prefix too.
window.ui = SwaggerUIBundle({
  url: "v3/api-docs",
  dom_id: "#swagger-ui",
  deepLinking: true,
});

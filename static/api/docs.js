"use strict";
// Starts Swagger UI on /api/v1/docs/. Requests from the page carry the portal's session
// and, for writes, its CSRF token (read from the csrftoken cookie).
(function () {
  const root = document.getElementById("swagger-ui");
  const csrfToken = () => {
    const found = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    return found ? decodeURIComponent(found.split("=")[1]) : "";
  };
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    persistAuthorization: false,
    requestInterceptor: (request) => {
      if (request.method && request.method !== "GET") {
        request.headers["X-CSRFToken"] = csrfToken();
      }
      return request;
    },
  });
})();

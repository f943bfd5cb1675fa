package com.example.commerce.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Title and security scheme of the generated OpenAPI document (META-INF/swagger/commerce-api.yml). */
@OpenAPIDefinition(
        info = @Info(title = "commerce order API", version = "1",
                description = "Auth, catalog, orders and notifications. Errors are RFC 7807 application/problem+json."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
final class ApiDefinition {

    private ApiDefinition() {
    }
}

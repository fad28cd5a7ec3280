package dev.parley.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The admin REST API under /api; its OpenAPI document is served at /openapi. */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Parley administration API", version = "1",
        description = "Users, rosters and sessions of the Parley XMPP server. HTTP basic authentication of an admin account (xmpp.admins)."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class RestApplication extends Application { }

package com.example.commerce.platform.secrets;

import io.micronaut.context.exceptions.ConfigurationException;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * A Secrets Manager secret's full ARN, {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6>}:
 * the region and the endpoint to ask come from it.
 */
record SecretArn(String arn, String partition, String region) {

    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):[0-9]{12}:secret:.+");

    static SecretArn parse(String property, String arn) {
        var match = ARN.matcher(arn.strip());
        if (!match.matches()) {
            throw new ConfigurationException(property + " is not a Secrets Manager secret ARN: " + arn);
        }
        return new SecretArn(arn.strip(), match.group(1), match.group(2));
    }

    URI regionalEndpoint() {
        String suffix = partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://secretsmanager." + region + "." + suffix + "/");
    }
}

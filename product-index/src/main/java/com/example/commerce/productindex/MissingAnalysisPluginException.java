package com.example.commerce.productindex;

/**
 * The cluster cannot create the product index because it lacks the analysis-nori plugin, which the mapping's Korean
 * analysis needs. The message names the plugin and how to install it.
 */
public class MissingAnalysisPluginException extends IllegalStateException {

    public static final String PLUGIN = "analysis-nori";

    public MissingAnalysisPluginException(String index, String reason, Throwable cause) {
        super("""
                Elasticsearch cannot create the product index %s: the %s plugin (Korean analysis: nori_tokenizer, \
                nori_part_of_speech, nori_readingform) is not installed (%s).
                Fix: install it on every node, then restart each node: bin/elasticsearch-plugin install %s \
                (Elastic Cloud Hosted: enable %s under the deployment's Extensions). See README, "Korean search"."""
                .formatted(index, PLUGIN, reason, PLUGIN, PLUGIN), cause);
    }
}

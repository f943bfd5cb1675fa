package com.example.commerce.analysis.nori;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.POS;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code nori_part_of_speech}: drops tokens by part of speech, such as particles and verb endings. */
@NamedComponent("nori_part_of_speech")
public class NoriPartOfSpeechFilterFactory implements TokenFilterFactory {

    private final Set<POS.Tag> stopTags;

    @Inject
    public NoriPartOfSpeechFilterFactory(NoriPartOfSpeechSettings settings) {
        this.stopTags = stopTags(settings.stoptags());
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new KoreanPartOfSpeechStopFilter(input, stopTags);
    }

    static Set<POS.Tag> stopTags(List<String> names) {
        if (names == null || names.isEmpty()) {
            return KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS;
        }
        Set<POS.Tag> tags = EnumSet.noneOf(POS.Tag.class);
        for (String name : names) {
            try {
                tags.add(POS.resolveTag(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("nori_part_of_speech: unknown part-of-speech tag [" + name + "]", e);
            }
        }
        return tags;
    }
}

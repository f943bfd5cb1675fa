package com.example.commerce.analysis.nori;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** {@code nori_readingform}: replaces Hanja by their Hangul reading, so that 中國 and 중국 match. */
@NamedComponent("nori_readingform")
public class NoriReadingFormFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream input) {
        return new KoreanReadingFormFilter(input);
    }
}

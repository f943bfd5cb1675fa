package com.example.commerce.analysis.nori;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.KoreanTokenizer.DecompoundMode;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** {@code nori_tokenizer}: Korean morphological segmentation with Lucene's bundled mecab-ko-dic dictionary. */
@NamedComponent("nori_tokenizer")
public class NoriTokenizerFactory implements TokenizerFactory {

    private final DecompoundMode decompoundMode;
    private final boolean discardPunctuation;
    private final UserDictionary userDictionary;

    @Inject
    public NoriTokenizerFactory(NoriTokenizerSettings settings) {
        this.decompoundMode = decompoundMode(settings.decompoundMode());
        this.discardPunctuation = settings.discardPunctuation();
        this.userDictionary = userDictionary(settings.userDictionaryRules());
    }

    @Override
    public Tokenizer create() {
        return new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, userDictionary, decompoundMode,
                false, discardPunctuation);
    }

    static DecompoundMode decompoundMode(String value) {
        try {
            return DecompoundMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nori_tokenizer: decompound_mode must be none, discard or mixed, not ["
                    + value + "]", e);
        }
    }

    private static UserDictionary userDictionary(List<String> rules) {
        if (rules == null || rules.isEmpty()) {
            return null;
        }
        try {
            return UserDictionary.open(new StringReader(String.join("\n", rules)));
        } catch (IOException e) {
            throw new UncheckedIOException("nori_tokenizer: user_dictionary_rules cannot be read", e);
        }
    }
}

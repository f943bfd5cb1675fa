package com.example.commerce.analysis.nori;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;
import org.elasticsearch.plugin.settings.StringSetting;

import java.util.List;

/** The settings of {@code nori_tokenizer}, with the official plugin's names and defaults. */
@AnalysisSettings
public interface NoriTokenizerSettings {

    /** {@code none}, {@code discard} (the parts only) or {@code mixed} (the compound and its parts). */
    @StringSetting(path = "decompound_mode", defaultValue = "discard")
    String decompoundMode();

    @BooleanSetting(path = "discard_punctuation", defaultValue = true)
    boolean discardPunctuation();

    /** Inline user dictionary entries, one word (optionally followed by its parts) per entry. */
    @ListSetting(path = "user_dictionary_rules")
    List<String> userDictionaryRules();
}

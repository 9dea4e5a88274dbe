from clew.core.text.word_agreement import agrees


def test_the_pronoun_ja_asks_for_a_verb_in_the_first_person():
    assert agrees("я", "читаю") and agrees("Я", "пишу") and agrees("я", "учусь")
    assert not agrees("я", "читая") and not agrees("с", "читаю") and not agrees("моя", "читаю")


def test_a_word_in_yu_asks_for_the_next_in_yu_or_u():
    assert agrees("новую", "версию") and agrees("читаю", "книгу") and agrees("сохраняю", "таблицу")
    assert not agrees("новую", "версия") and not agrees("новая", "версию")

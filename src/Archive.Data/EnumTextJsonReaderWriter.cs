using System.Linq.Expressions;
using System.Text.Json;
using Archive.Engine;
using Microsoft.EntityFrameworkCore.Storage.Json;

namespace Archive.Data;

/// <summary>
/// An enum inside a typed JSON column, as <see cref="EnumTextOrNumberJsonConverter{TEnum}"/> has it: written as its
/// <see cref="EnumText"/>, read from the text or from the number rows stored before the enum had its text.
/// </summary>
internal sealed class EnumTextOrNumberJsonReaderWriter<TEnum> : JsonValueReaderWriter<TEnum>
    where TEnum : struct, Enum
{
    public static EnumTextOrNumberJsonReaderWriter<TEnum> Instance { get; } = new();

    public override Expression ConstructorExpression =>
        Expression.Property(null, typeof(EnumTextOrNumberJsonReaderWriter<TEnum>).GetProperty(nameof(Instance))!);

    public override TEnum FromJsonTyped(ref Utf8JsonReaderManager manager, object? existingObject = null) =>
        manager.CurrentReader.TokenType == JsonTokenType.Number
            ? Number(manager.CurrentReader.GetInt32())
            : EnumText.Parse<TEnum>(manager.CurrentReader.GetString()!);

    public override void ToJsonTyped(Utf8JsonWriter writer, TEnum value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(EnumText.Of(value));
    }

    private static TEnum Number(int number)
    {
        var value = (TEnum)Enum.ToObject(typeof(TEnum), number);
        return Enum.IsDefined(value) ? value : throw new FormatException($"{number} is not a {typeof(TEnum).Name}.");
    }
}

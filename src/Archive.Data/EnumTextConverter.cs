using Archive.Engine;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Archive.Data;

/// <summary>An enum column holds its <see cref="EnumText"/>.</summary>
internal sealed class EnumTextConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => EnumText.Of(value),
    text => EnumText.Parse<TEnum>(text))
    where TEnum : struct, Enum;

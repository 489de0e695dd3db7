using System.Text.Json;
using Archive.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Archive.Data;

/// <summary>
/// The one JSON policy of jsonb columns mapped as EF complex types (<c>ToJson()</c>): members are camelCase, as
/// <see cref="JsonSerializerOptions.Web"/> and the API write them, and enums are their <see cref="EnumText"/>. Rows written
/// before the columns were typed (serialised by hand with <see cref="JsonSerializerOptions.Web"/>) read back unchanged.
/// </summary>
internal sealed class CamelCaseJsonConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
        {
            foreach (var complex in entity.GetDeclaredComplexProperties())
            {
                Name(complex.ComplexType, inJson: complex.ComplexType.IsMappedToJson());
            }
        }
    }

    private static void Name(IConventionComplexType type, bool inJson)
    {
        foreach (var complex in type.GetDeclaredComplexProperties())
        {
            if (inJson)
            {
                complex.SetJsonPropertyName(JsonNamingPolicy.CamelCase.ConvertName(complex.Name));
            }
            Name(complex.ComplexType, inJson || complex.ComplexType.IsMappedToJson());
        }
        if (!inJson)
        {
            return;
        }
        foreach (var property in type.GetDeclaredProperties())
        {
            property.SetJsonPropertyName(JsonNamingPolicy.CamelCase.ConvertName(property.Name));
        }
    }
}
